package dev.cnnc.compiler.resolve;

import dev.cnnc.compiler.ast.Arg;
import dev.cnnc.compiler.ast.Expr;
import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.diag.Diagnostics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates argument expressions. Arithmetic is exact on integers ({@code 4*f}); a name that is not
 * bound stays a symbol ({@code same}, {@code relu}) for the argument's type to judge.
 */
final class Evaluator {
  private final Diagnostics diagnostics;

  Evaluator(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** The value, or empty after reporting an error. */
  Optional<Value> eval(Expr e, Scope scope) {
    if (e instanceof Expr.Int i) {
      return Optional.of(new Value.Num(i.value(), true, i.span()));
    }
    if (e instanceof Expr.Real r) {
      return Optional.of(new Value.Num(r.value(), false, r.span()));
    }
    if (e instanceof Expr.Size s) {
      return Optional.of(new Value.Size(s.dims(), s.span()));
    }
    if (e instanceof Expr.Str s) {
      return Optional.of(new Value.Str(s.value(), s.span()));
    }
    if (e instanceof Expr.Ref r) {
      // Values keep the span where they were written, so a bad block argument is reported at the call.
      return Optional.of(scope.lookup(r.name().name()).orElse(new Value.Sym(r.name().name(), r.span())));
    }
    if (e instanceof Expr.ListLit l) {
      return all(l.items(), scope).map(items -> new Value.ListV(items, l.span()));
    }
    if (e instanceof Expr.Tuple t) {
      return all(t.items(), scope).map(items -> new Value.Tuple(items, t.span()));
    }
    if (e instanceof Expr.Call c) {
      return args(c.args(), scope).map(a -> new Value.Call(c.name().name(), a, c.span()));
    }
    if (e instanceof Expr.Neg n) {
      return eval(n.operand(), scope).flatMap(v -> negate(v, n));
    }
    Expr.Binary b = (Expr.Binary) e;
    return eval(b.left(), scope).flatMap(l -> eval(b.right(), scope).flatMap(r -> arith(b, l, r)));
  }

  private Optional<List<Value>> all(List<Expr> exprs, Scope scope) {
    List<Value> out = new ArrayList<>();
    boolean ok = true;
    for (Expr x : exprs) {
      Optional<Value> v = eval(x, scope);
      v.ifPresent(out::add);
      ok &= v.isPresent();
    }
    return ok ? Optional.of(out) : Optional.empty();
  }

  private Optional<Map<String, Value>> args(List<Arg> args, Scope scope) {
    Map<String, Value> out = new LinkedHashMap<>();
    boolean ok = true;
    int position = 0;
    for (Arg a : args) {
      Optional<Value> v = eval(a.value(), scope);
      ok &= v.isPresent();
      if (v.isPresent()) {
        out.put(a.positional() ? "#" + position++ : a.name().name(), v.get());
      }
    }
    return ok ? Optional.of(out) : Optional.empty();
  }

  private Optional<Value> negate(Value v, Expr.Neg n) {
    if (v instanceof Value.Num num) {
      return Optional.of(new Value.Num(-num.value(), num.integral(), n.span()));
    }
    diagnostics.report(Diagnostic.error(Code.CNN023, n.span(), "cannot negate " + v.show())
        .label("only numbers can be negated"));
    return Optional.empty();
  }

  private Optional<Value> arith(Expr.Binary b, Value l, Value r) {
    if (!(l instanceof Value.Num x) || !(r instanceof Value.Num y)) {
      Value bad = l instanceof Value.Num ? r : l;
      diagnostics.report(Diagnostic.error(Code.CNN023, bad.span(),
              "`" + bad.show() + "` is not a number, so `" + b.op() + "` cannot apply to it")
          .label("not a number")
          .help("arithmetic works on numbers and on parameters bound to numbers, e.g. `4*f`"));
      return Optional.empty();
    }
    boolean integral = x.integral() && y.integral();
    double v;
    switch (b.op()) {
      case '+' -> v = x.value() + y.value();
      case '-' -> v = x.value() - y.value();
      case '*' -> v = x.value() * y.value();
      default -> {
        if (y.value() == 0) {
          diagnostics.report(Diagnostic.error(Code.CNN023, b.right().span(), "division by zero").label("this is 0"));
          return Optional.empty();
        }
        v = x.value() / y.value();
        integral = integral && x.value() % y.value() == 0;
      }
    }
    return Optional.of(new Value.Num(v, integral, b.span()));
  }
}
