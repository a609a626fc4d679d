"""Go ``text/template`` execution, as ``docker ... --format`` and ``kubectl -o go-template`` use it.

Templates are parsed once (:class:`Template`) and run over Python data:
mappings act as Go maps (``.Key`` looks up the key, a missing key prints
``<no value>``), lists and tuples as slices, and any other object as a struct
whose public attributes are its fields and whose methods can be called, as Go
calls methods in templates. Evaluation order, truth, comparisons and every
error text follow Go's ``text/template/exec.go`` so that mistakes read exactly
as they do in the real CLI::

    template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type string

Honest approximations: Go type names in messages are inferred from the
Python values (see :func:`gofmt.go_type_name`); a ``None`` stored in a
mapping behaves as a missing value, while a ``None`` attribute behaves as a
nil pointer (it prints ``<nil>``). Not provided, because no CLI format needs
them: nested templates (``define``, ``template``, ``block``) and the ``js``
and ``call`` builtins.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import NoReturn

from storagekit.sim.goquote import go_quote

from . import goparse as p
from .gofmt import NO_VALUE, go_type_name, sorted_keys, to_string
from .gofuncs import ANY, BUILTINS, DOCKER_FUNCTIONS, INT, STRING, STRINGS, VALUE, CallError, Func, is_true, wrap

__all__ = ["Template", "TemplateError", "render"]

_MISSING = object()  # "no value from the previous pipeline stage", Go's missingVal
_SCALARS = (str, int, float, bool, list, tuple)


class TemplateError(Exception):
    """A template failed to parse or execute.

    ``str(error)`` is what docker prints (``template parsing error: ...``);
    ``go_error`` is Go's own text, for CLIs that wrap it differently, and
    ``partial`` the output written before execution stopped.
    """

    def __init__(self, go_error: str, partial: str = ""):
        super().__init__("template parsing error: " + go_error)
        self.go_error, self.partial = go_error, partial


class _ExecError(Exception):
    pass


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class Template:
    """A parsed template; :meth:`execute` runs it over data as often as needed.

    ``funcs`` adds functions (plain Python callables) to Go's builtins and
    docker's ``json``, ``split``, ``join``, ``title``, ``lower``, ``upper``,
    ``pad`` and ``truncate``.
    """

    def __init__(self, text: str, name: str = "", funcs: Mapping | None = None):
        self.text, self.name = text, name
        self.funcs = {**BUILTINS, **DOCKER_FUNCTIONS, **{k: wrap(f) for k, f in (funcs or {}).items()}}
        try:
            self.root = p.parse(text, name, self.funcs)
        except p.ParseError as err:
            raise TemplateError(str(err)) from None
        except RecursionError:  # blocks nested hundreds deep
            raise TemplateError(f"template: {name}:1: max expression depth exceeded") from None

    def execute(self, data, funcs: Mapping | None = None) -> str:
        """Render ``data``; ``funcs`` replaces functions for this run (docker's header pass)."""
        table = {**self.funcs, **{k: wrap(f) for k, f in (funcs or {}).items()}}
        state = _State(self, table, NO_VALUE if data is None else data)
        try:
            state.walk(state.vars[0][1], self.root)
        except _ExecError as err:
            raise TemplateError(str(err), "".join(state.out)) from None
        except RecursionError:
            raise TemplateError(f"template: {self.name}: exceeded maximum template depth") from None
        return "".join(state.out)


def render(template: str, data) -> str:
    """Parse and execute ``template`` over ``data`` in one step."""
    return Template(template).execute(data)


class _State:
    """One execution: output buffer, variable stack and the node being evaluated."""

    def __init__(self, tmpl: Template, funcs: dict[str, Func], data):
        self.tmpl, self.funcs = tmpl, funcs
        self.out: list[str] = []
        self.vars: list[list] = [["$", data]]
        self.node: p.Node | None = None

    # -- errors
    def at(self, node: p.Node) -> None:
        self.node = node

    def errorf(self, msg: str) -> NoReturn:
        name = self.tmpl.name
        if self.node is None:
            raise _ExecError(f"template: {name}: {msg}")
        before = self.tmpl.text[:self.node.pos]
        line = 1 + before.count("\n")
        col = len(before[before.rfind("\n") + 1:].encode("utf-8"))
        raise _ExecError(f"template: {name}:{line}:{col}: executing {go_quote(name)} "
                         f"at <{self.node}>: {msg}")

    # -- variables
    def mark(self) -> int:
        return len(self.vars)

    def pop(self, mark: int) -> None:
        del self.vars[mark:]

    def set_var(self, name: str, value) -> None:
        for entry in reversed(self.vars):
            if entry[0] == name:
                entry[1] = value
                return
        self.errorf(f"undefined variable: {name}")

    def var_value(self, name: str):
        for entry in reversed(self.vars):
            if entry[0] == name:
                return entry[1]
        self.errorf(f"undefined variable: {name}")

    # -- walking
    def walk(self, dot, node: p.Node) -> None:
        self.at(node)
        if isinstance(node, p.Text):
            self.out.append(node.text)
        elif isinstance(node, p.Action):
            value = self.eval_pipeline(dot, node.pipe)
            if not node.pipe.decl:
                self.at(node)
                self.out.append(to_string(value))
        elif isinstance(node, p.ListNode):
            for child in node.nodes:
                self.walk(dot, child)
        elif isinstance(node, p.Branch):
            if node.kind == "range":
                self.walk_range(dot, node)
            else:
                self.walk_if_or_with(dot, node)
        elif isinstance(node, p.Marker):
            raise _Break() if node.kind == "break" else _Continue()

    def walk_if_or_with(self, dot, node: p.Branch) -> None:
        mark = self.mark()
        value = self.eval_pipeline(dot, node.pipe)
        if is_true(value):
            self.walk(value if node.kind == "with" else dot, node.body)
        elif node.else_body is not None:
            self.walk(dot, node.else_body)
        self.pop(mark)

    def walk_range(self, dot, node: p.Branch) -> None:
        self.at(node)
        outer = self.mark()
        value = self.eval_pipeline(dot, node.pipe)
        mark = self.mark()
        pipe = node.pipe

        def one(index, elem):
            if pipe.decl:
                if pipe.is_assign:
                    self.set_var(pipe.decl[0].ident[0], index if len(pipe.decl) > 1 else elem)
                else:
                    self.vars[-1][1] = elem
            if len(pipe.decl) > 1:
                if pipe.is_assign:
                    self.set_var(pipe.decl[1].ident[0], elem)
                else:
                    self.vars[-2][1] = index
            try:
                self.walk(elem, node.body)
            except _Continue:
                pass
            finally:
                self.pop(mark)

        try:
            if isinstance(value, (list, tuple)) and value:
                for i, elem in enumerate(value):
                    one(i, elem)
                return
            if isinstance(value, Mapping) and value:
                for key in sorted_keys(value):
                    one(key, value[key])
                return
            if not isinstance(value, (list, tuple, Mapping)) and value is not NO_VALUE and value is not None:
                self.errorf(f"range can't iterate over {to_string(value)}")
            if node.else_body is not None:
                self.walk(dot, node.else_body)
        except _Break:
            pass
        finally:
            self.pop(outer)

    # -- evaluation
    def eval_pipeline(self, dot, pipe: p.Pipe):
        self.at(pipe)
        value = _MISSING
        for cmd in pipe.cmds:
            value = self.eval_command(dot, cmd, value)
        for var in pipe.decl:
            if pipe.is_assign:
                self.set_var(var.ident[0], value)
            else:
                self.vars.append([var.ident[0], value])
        return value

    def not_a_function(self, args, final) -> None:
        if (args and len(args) > 1) or final is not _MISSING:
            self.errorf(f"can't give argument to non-function {args[0]}")

    def eval_command(self, dot, cmd: p.Command, final):
        first = cmd.args[0]
        if isinstance(first, p.Field):
            return self.eval_field_node(dot, first, cmd.args, final)
        if isinstance(first, p.Chain):
            return self.eval_chain_node(dot, first, cmd.args, final)
        if isinstance(first, p.Identifier):
            return self.eval_function(dot, first, cmd, cmd.args, final)
        if isinstance(first, p.Pipe):
            self.not_a_function(cmd.args, final)
            return self.eval_pipeline(dot, first)
        if isinstance(first, p.Variable):
            return self.eval_variable_node(dot, first, cmd.args, final)
        self.at(first)
        self.not_a_function(cmd.args, final)
        if isinstance(first, p.Bool):
            return first.value
        if isinstance(first, p.Nil):
            self.errorf("nil is not a command")
        if isinstance(first, p.Dot):
            return dot
        if isinstance(first, p.Number):
            return self.ideal_constant(first)
        return first.text

    def ideal_constant(self, n: p.Number):
        self.at(n)
        text = n.text
        hex_int = len(text) > 2 and text[0] == "0" and text[1] in "xX" and not any(c in text for c in "pP")
        if n.is_float and not hex_int and not text.startswith("'") and any(c in text for c in ".eEpP"):
            return n.float_value
        if n.is_int:
            return n.int_value
        self.errorf(f"{text} overflows int")

    def eval_field_node(self, dot, field: p.Field, args, final):
        self.at(field)
        return self.eval_field_chain(dot, dot, field, field.ident, args, final)

    def eval_chain_node(self, dot, chain: p.Chain, args, final):
        self.at(chain)
        if isinstance(chain.node, p.Nil):
            self.errorf(f"indirection through explicit nil in {chain}")
        receiver = self.eval_arg(dot, None, chain.node)
        return self.eval_field_chain(dot, receiver, chain, chain.fields, args, final)

    def eval_variable_node(self, dot, var: p.Variable, args, final):
        self.at(var)
        value = self.var_value(var.ident[0])
        if len(var.ident) == 1:
            self.not_a_function(args, final)
            return value
        return self.eval_field_chain(dot, value, var, var.ident[1:], args, final)

    def eval_field_chain(self, dot, receiver, node, idents, args, final):
        for name in idents[:-1]:
            receiver = self.eval_field(dot, name, node, None, _MISSING, receiver)
        return self.eval_field(dot, idents[-1], node, args, final, receiver)

    def eval_field(self, dot, name: str, node, args, final, receiver):
        if receiver is NO_VALUE:
            return NO_VALUE
        if receiver is None:
            self.errorf(f"nil pointer evaluating interface {{}}.{name}")
        has_args = bool(args and len(args) > 1) or final is not _MISSING
        if isinstance(receiver, Mapping):
            if has_args:
                self.errorf(f"{name} is not a method but has arguments")
            value = receiver.get(name, NO_VALUE)
            return NO_VALUE if value is None else value
        if not isinstance(receiver, _SCALARS) and not name.startswith("_"):
            try:
                attr = getattr(receiver, name, _MISSING)
            except Exception as err:  # noqa: BLE001 - a failing property is a failing Go method
                self.errorf(f"error calling {name}: {err}")
            if attr is not _MISSING:
                if callable(attr) and not isinstance(attr, type):
                    return self.eval_call(dot, wrap(attr), False, node, name, args, final)
                if has_args:
                    self.errorf(f"{name} has arguments but cannot be invoked as function")
                return attr
        self.errorf(f"can't evaluate field {name} in type {go_type_name(receiver)}")

    def eval_function(self, dot, node: p.Identifier, cmd, args, final):
        self.at(node)
        func = self.funcs.get(node.name)
        if func is None:
            self.errorf(f"{go_quote(node.name)} is not a defined function")
        return self.eval_call(dot, func, node.name in ("and", "or"), cmd, node.name, args, final)

    def eval_call(self, dot, func: Func, lazy: bool, node, name: str, args, final):
        args = list(args[1:]) if args else []
        num_in = len(args) + (final is not _MISSING)
        num_fixed = len(args)
        if func.variadic is not None:
            num_fixed = len(func.params)
            if num_in < num_fixed:
                self.errorf(f"wrong number of args for {name}: want at least {num_fixed} got {len(args)}")
        elif num_in != len(func.params):
            self.errorf(f"wrong number of args for {name}: want {len(func.params)} got {num_in}")
        if lazy:  # and/or stop at the first decisive argument
            value = NO_VALUE
            for arg in args:
                value = self.eval_arg(dot, VALUE, arg)
                if is_true(value) == (name == "or"):
                    return value
            if final is not _MISSING:
                value = self.validate_type(final, VALUE)
            return value
        argv = [self.eval_arg(dot, func.params[i], args[i]) for i in range(min(num_fixed, len(args)))]
        argv += [self.eval_arg(dot, func.variadic, arg) for arg in args[len(argv):]]
        if final is not _MISSING:
            if func.variadic is None:
                kind = func.params[-1]
            else:
                kind = func.params[num_in - 1] if num_in - 1 < num_fixed else func.variadic
            argv.append(self.validate_type(final, kind))
        try:
            return func.fn(*argv)
        except (CallError, TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as err:
            self.at(node)
            self.errorf(f"error calling {name}: {err}")

    def validate_type(self, value, kind):
        if kind is None or kind == VALUE:
            return value
        if value is NO_VALUE:
            if kind == ANY:
                return None
            if kind == STRINGS:
                return []
            self.errorf(f"invalid value; expected {kind}")
        if kind == ANY:
            return value
        ok = {STRING: lambda v: isinstance(v, str),
              INT: lambda v: isinstance(v, int) and not isinstance(v, bool),
              STRINGS: lambda v: isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v)}[kind]
        if not ok(value):
            self.errorf(f"wrong type for value; expected {kind}; got {go_type_name(value)}")
        return list(value) if kind == STRINGS else value

    def eval_arg(self, dot, kind, n: p.Node):
        self.at(n)
        if isinstance(n, p.Nil):
            if kind in (VALUE, ANY, STRINGS, None):
                return {VALUE: NO_VALUE, None: NO_VALUE, ANY: None, STRINGS: []}[kind]
            self.errorf(f"cannot assign nil to {kind}")
        if isinstance(n, p.Dot):
            return self.validate_type(dot, kind)
        if isinstance(n, p.Field):
            return self.validate_type(self.eval_field_node(dot, n, [n], _MISSING), kind)
        if isinstance(n, p.Variable):
            return self.validate_type(self.eval_variable_node(dot, n, None, _MISSING), kind)
        if isinstance(n, p.Pipe):
            return self.validate_type(self.eval_pipeline(dot, n), kind)
        if isinstance(n, p.Identifier):
            return self.validate_type(self.eval_function(dot, n, n, None, _MISSING), kind)
        if isinstance(n, p.Chain):
            return self.validate_type(self.eval_chain_node(dot, n, None, _MISSING), kind)
        if kind == STRING:
            if isinstance(n, p.String):
                return n.text
            self.errorf(f"expected string; found {n}")
        if kind == INT:
            if isinstance(n, p.Number) and n.is_int:
                return n.int_value
            self.errorf(f"expected integer; found {n}")
        if kind in (VALUE, ANY, None):
            if isinstance(n, p.Bool):
                return n.value
            if isinstance(n, p.Number):
                return self.ideal_constant(n)
            if isinstance(n, p.String):
                return n.text
        self.errorf(f"can't handle {n} for arg of type {kind}")
