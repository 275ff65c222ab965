package dev.affinity.spi.internal;

import dev.affinity.spi.PluginKind;
import dev.affinity.spi.SpiVersion;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;
import javax.tools.StandardLocation;

/**
 * Runs inside javac wherever affinity-spi is on the class path. It rejects a plugin class that could never
 * load (not public, abstract, not implementing its kind's interface, a malformed name) at compile time, and
 * stamps every plugin with the SPI version it is compiled against, in {@link SpiVersion#STAMP_RESOURCE}, so
 * the core can refuse a plugin built for an incompatible SPI before it runs.
 */
public final class PluginStampProcessor extends AbstractProcessor {

  private final TreeMap<String, String> stamps = new TreeMap<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Arrays.stream(PluginKind.values())
        .map(k -> k.annotation().getCanonicalName())
        .collect(Collectors.toSet());
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (PluginKind kind : PluginKind.values()) {
      TypeElement marker = processingEnv.getElementUtils().getTypeElement(kind.annotation().getCanonicalName());
      TypeElement contract = processingEnv.getElementUtils().getTypeElement(kind.contract().getCanonicalName());
      if (marker == null || contract == null) {
        continue;
      }
      for (Element element : round.getElementsAnnotatedWith(marker)) {
        if (check(kind, element, contract.asType())) {
          stamps.put(processingEnv.getElementUtils().getBinaryName((TypeElement) element).toString(),
              SpiVersion.CURRENT);
        }
      }
    }
    if (round.processingOver() && !stamps.isEmpty()) {
      write();
    }
    return false;
  }

  private boolean check(PluginKind kind, Element element, TypeMirror contract) {
    String at = "@" + kind.annotation().getSimpleName();
    if (element.getKind() != ElementKind.CLASS) {
      return error(element, at + " belongs on a class");
    }
    if (!element.getModifiers().contains(Modifier.PUBLIC)
        || element.getModifiers().contains(Modifier.ABSTRACT)) {
      return error(element, at + " plugin classes must be public and concrete");
    }
    if (element.getEnclosingElement().getKind() != ElementKind.PACKAGE
        && !element.getModifiers().contains(Modifier.STATIC)) {
      return error(element, at + " on a nested class needs it to be static");
    }
    if (!processingEnv.getTypeUtils().isAssignable(
        processingEnv.getTypeUtils().erasure(element.asType()), contract)) {
      return error(element, at + " plugin classes must implement " + kind.contract().getName());
    }
    String name = kind.nameOf(element.getAnnotation(kind.annotation()));
    if (!PluginKind.NAME.matcher(name).matches()) {
      return error(element, at + " name '" + name + "' must match " + PluginKind.NAME.pattern());
    }
    return true;
  }

  private boolean error(Element element, String message) {
    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element);
    return false;
  }

  private void write() {
    try (Writer out = processingEnv.getFiler()
        .createResource(StandardLocation.CLASS_OUTPUT, "", SpiVersion.STAMP_RESOURCE)
        .openWriter()) {
      out.write("# plugin class = the affinity-spi version it was compiled against\n");
      for (var e : stamps.entrySet()) {
        out.write(e.getKey() + "=" + e.getValue() + "\n");
      }
    } catch (IOException e) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
          "cannot write " + SpiVersion.STAMP_RESOURCE + ": " + e.getMessage());
    }
  }
}
