package dev.cnnc.compiler.syntax;

import dev.cnnc.compiler.ast.Arg;
import dev.cnnc.compiler.ast.Chain;
import dev.cnnc.compiler.ast.Expr;
import dev.cnnc.compiler.ast.Ident;
import dev.cnnc.compiler.ast.Param;
import dev.cnnc.compiler.ast.Stmt;
import dev.cnnc.compiler.source.Span;
import dev.cnnc.grammar.CnnParser;
import dev.cnnc.grammar.CnnParser.ArgContext;
import dev.cnnc.grammar.CnnParser.ExprContext;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Turns a syntactically valid parse tree into the immutable AST. */
final class AstBuilder {
  private final Offsets offsets;

  AstBuilder(Offsets offsets) {
    this.offsets = offsets;
  }

  List<Stmt> file(CnnParser.FileContext ctx) {
    return statements(ctx.statement());
  }

  private List<Stmt> statements(List<CnnParser.StatementContext> list) {
    List<Stmt> out = new ArrayList<>();
    for (CnnParser.StatementContext s : list) {
      out.add(statement(s));
    }
    return out;
  }

  private Stmt statement(CnnParser.StatementContext s) {
    if (s.importStmt() != null) {
      CnnParser.ImportStmtContext i = s.importStmt();
      if (i.STRING() != null) {
        String raw = i.STRING().getText();
        return new Stmt.Import(unquote(raw), false, span(i.STRING().getSymbol()), span(i));
      }
      return new Stmt.Import(i.qualifiedName().getText(), true, span(i.qualifiedName()), span(i));
    }
    if (s.letStmt() != null) {
      CnnParser.LetStmtContext l = s.letStmt();
      List<Param> params = l.getChild(2) != null && "(".equals(l.getChild(2).getText()) ? params(l.paramList()) : null;
      return new Stmt.Let(ident(l.IDENT()), params,
          l.chain() != null ? chain(l.chain()) : null,
          l.expr() != null ? expr(l.expr()) : null, span(l));
    }
    if (s.networkDecl() != null) {
      CnnParser.NetworkDeclContext n = s.networkDecl();
      return new Stmt.Network(ident(n.IDENT()), params(n.paramList()), statements(n.statement()), span(n));
    }
    if (s.outputStmt() != null) {
      CnnParser.OutputStmtContext o = s.outputStmt();
      return new Stmt.Output(ident(o.IDENT()), args(o.argList()), span(o));
    }
    if (s.trainBlock() != null) {
      List<Stmt.TrainEntry> entries = new ArrayList<>();
      for (CnnParser.TrainEntryContext e : s.trainBlock().trainEntry()) {
        entries.add(new Stmt.TrainEntry(ident(e.IDENT()), expr(e.expr()), span(e)));
      }
      return new Stmt.Train(entries, span(s.trainBlock()));
    }
    Chain c = chain(s.chain());
    return new Stmt.ChainStmt(c, c.span());
  }

  private List<Param> params(CnnParser.ParamListContext ctx) {
    List<Param> out = new ArrayList<>();
    if (ctx != null) {
      for (CnnParser.ParamContext p : ctx.param()) {
        out.add(new Param(ident(p.IDENT()), p.expr() == null ? null : expr(p.expr())));
      }
    }
    return out;
  }

  private Chain chain(CnnParser.ChainContext ctx) {
    List<Chain.Element> elements = new ArrayList<>();
    for (CnnParser.ElementContext e : ctx.element()) {
      Ident tap = e.IDENT() == null ? null : ident(e.IDENT());
      elements.add(new Chain.Element(primary(e.primary()), tap, span(e)));
    }
    return new Chain(elements, span(ctx));
  }

  private Chain.Primary primary(CnnParser.PrimaryContext ctx) {
    if (ctx instanceof CnnParser.RepeatContext r) {
      CnnParser.RepeatCountContext rc = r.repeatCount();
      Expr count;
      if (rc.INT() != null) {
        count = new Expr.Int(parseLong(rc.INT().getText()), span(rc));
      } else if (rc.IDENT() != null) {
        count = new Expr.Ref(ident(rc.IDENT()), span(rc));
      } else {
        count = expr(rc.expr());
      }
      return new Chain.Repeat(chain(r.chain()), count, span(r.getStart()), span(r));
    }
    if (ctx instanceof CnnParser.BranchContext b) {
      List<Chain> branches = new ArrayList<>();
      for (CnnParser.ChainContext c : b.chain()) {
        branches.add(chain(c));
      }
      return new Chain.Branch(b.kind.getType() == CnnParser.CONCAT, branches, span(b.kind), span(b));
    }
    CnnParser.CallContext c = (CnnParser.CallContext) ctx;
    return new Chain.Call(ident(c.IDENT()), args(c.argList()), c.getChildCount() > 1, span(c));
  }

  private List<Arg> args(CnnParser.ArgListContext ctx) {
    List<Arg> out = new ArrayList<>();
    if (ctx != null) {
      for (ArgContext a : ctx.arg()) {
        out.add(new Arg(a.IDENT() == null ? null : ident(a.IDENT()), expr(a.expr()), span(a)));
      }
    }
    return out;
  }

  private Expr expr(ExprContext ctx) {
    Span sp = span(ctx);
    if (ctx instanceof CnnParser.NegateContext n) {
      return new Expr.Neg(expr(n.expr()), sp);
    }
    if (ctx instanceof CnnParser.BinaryContext b) {
      return new Expr.Binary(b.op.getText().charAt(0), expr(b.expr(0)), expr(b.expr(1)), sp);
    }
    if (ctx instanceof CnnParser.IntContext i) {
      return new Expr.Int(parseLong(i.getText()), sp);
    }
    if (ctx instanceof CnnParser.FloatContext f) {
      return new Expr.Real(Double.parseDouble(f.getText()), sp);
    }
    if (ctx instanceof CnnParser.SizeContext s) {
      List<Integer> dims = new ArrayList<>();
      for (String part : s.getText().split("[xX×]")) {
        dims.add((int) Math.min(Integer.MAX_VALUE, parseLong(part)));
      }
      return new Expr.Size(dims, sp);
    }
    if (ctx instanceof CnnParser.StringContext s) {
      return new Expr.Str(unquote(s.getText()), sp);
    }
    if (ctx instanceof CnnParser.CallExprContext c) {
      return new Expr.Call(ident(c.IDENT()), args(c.argList()), sp);
    }
    if (ctx instanceof CnnParser.RefContext r) {
      return new Expr.Ref(ident(r.IDENT()), sp);
    }
    if (ctx instanceof CnnParser.ListContext l) {
      return new Expr.ListLit(exprs(l.expr()), sp);
    }
    if (ctx instanceof CnnParser.TupleContext t) {
      return new Expr.Tuple(exprs(t.expr()), sp);
    }
    return expr(((CnnParser.ParenContext) ctx).expr());
  }

  private List<Expr> exprs(List<ExprContext> list) {
    List<Expr> out = new ArrayList<>();
    for (ExprContext e : list) {
      out.add(expr(e));
    }
    return out;
  }

  /** Digits beyond the range of long saturate; the resolver rejects them as out of range. */
  private static long parseLong(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static String unquote(String raw) {
    return raw.substring(1, raw.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
  }

  private Ident ident(TerminalNode node) {
    return new Ident(node.getText(), span(node.getSymbol()));
  }

  private Span span(Token t) {
    int start = offsets.toChar(t.getStartIndex());
    return new Span(offsets.file(), start, Math.max(start, offsets.toChar(t.getStopIndex() + 1)));
  }

  private Span span(ParserRuleContext ctx) {
    int start = offsets.toChar(ctx.getStart().getStartIndex());
    Token stop = ctx.getStop() == null ? ctx.getStart() : ctx.getStop();
    return new Span(offsets.file(), start, Math.max(start, offsets.toChar(stop.getStopIndex() + 1)));
  }
}
