package dev.affinity.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageConfigTest {

  @Test
  void defaultsAreThePapers() {
    ImageConfig config = new ImageConfig();
    assertThat(config.trainSize()).isEqualTo(227);
    assertThat(config.resize()).isEqualTo(256);
    assertThat(config.evalSize()).isEqualTo(227);
    assertThat(config.erasingProbability()).isEqualTo(0.5);
    assertThat(config.onBadImage()).isEqualTo(OnBadImage.FAIL);
  }

  @Test
  void withSizeScalesTheResizeAsTheDefaultsDo() {
    // 32 * 256 / 227 = 36.09
    assertThat(new ImageConfig().withSize(32).resize()).isEqualTo(36);
  }

  @Test
  void invalidSettingsNameTheirKey() {
    ImageConfig d = new ImageConfig();
    assertThatThrownBy(() -> new ImageConfig(227, List.of(0.5, 0.1), d.cropRatio(), 0.5, 0.5, d.erasingScale(),
        d.erasingRatio(), 256, 227, d.mean(), d.std(), 0, 2, OnBadImage.FAIL))
        .hasMessage("crop_scale must be [min, max] with 0 < min <= max <= 1, was [0.5, 0.1]");
    assertThatThrownBy(() -> new ImageConfig(227, d.cropScale(), d.cropRatio(), 0.5, 0.5, d.erasingScale(),
        d.erasingRatio(), 200, 227, d.mean(), d.std(), 0, 2, OnBadImage.FAIL))
        .hasMessage("resize must be at least eval_size (227), was 200");
    assertThatThrownBy(() -> new ImageConfig(227, d.cropScale(), d.cropRatio(), 0.5, 0.5, d.erasingScale(),
        d.erasingRatio(), 256, 227, d.mean(), List.of(0.2, 0.0, 0.2), 0, 2, OnBadImage.FAIL))
        .hasMessage("std must be three positive numbers (R, G, B), was [0.2, 0.0, 0.2]");
  }
}
