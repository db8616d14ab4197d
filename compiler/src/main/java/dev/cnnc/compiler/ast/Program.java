package dev.cnnc.compiler.ast;

import dev.cnnc.compiler.source.SourceFile;
import java.util.List;

/** A parsed file. */
public record Program(SourceFile file, List<Stmt> statements) {}
