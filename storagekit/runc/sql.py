"""The part of SQL a course needs, run by the modelled MySQL server against its data directory.

A database is a directory of the data directory (``shop/``) and a table an
``.ibd`` file in it (``shop/orders.ibd``), as MySQL 8 lays them out, so the
data lives where the volume, bind mount or claim is, and survives the
container. A tablespace is written in 16 KiB pages, 112 KiB at least; its
first page holds the table's definition and rows as text (where the real one
keeps binary pages and its serialized dictionary). What is not parsed here is
refused with the server's own syntax error, never run as something else.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field

from storagekit.fs import View
from storagekit.runc.mysql import DATADIR, MYSQL_UID, SYSTEM_SCHEMAS
from storagekit.runc.sqltext import SqlError, syntax_error, tokenize

PAGE = 16 * 1024
MIN_PAGES = 7
INTEGER_TYPES = ("int", "integer", "bigint", "smallint", "tinyint", "mediumint")
TYPES = (*INTEGER_TYPES, "varchar", "char", "text", "decimal", "float", "double", "date", "datetime",
         "timestamp", "boolean", "bool")


@dataclass
class ResultSet:
    columns: list[str]
    rows: list[list[object]]
    numeric: list[bool] = field(default_factory=list)
    """Which columns hold numbers (a table form aligns them right)."""


class Session:
    """One client connection: the current database, and the statements it runs."""

    def __init__(self, fs: View, database: str = "", version: str = "8.4.5") -> None:
        self.fs, self.database, self.version = fs, database, version
        if database and not self.schema_exists(database):
            raise SqlError(1049, "42000", f"Unknown database '{database}'")

    # ------------------------------------------------------------ storage

    def schemas(self) -> list[str]:
        found = {n for n in self.fs.listdir(DATADIR) if not n.startswith("#") and self.fs.isdir(f"{DATADIR}/{n}")}
        return sorted(found | {"information_schema"})

    def schema_exists(self, name: str) -> bool:
        return name in self.schemas()

    def _table_path(self, schema: str, table: str) -> str:
        return f"{DATADIR}/{schema}/{table}.ibd"

    def tables(self, schema: str) -> list[str]:
        return sorted(n[:-4] for n in self.fs.listdir(f"{DATADIR}/{schema}") if n.endswith(".ibd"))

    def load(self, schema: str, table: str) -> dict:
        path = self._table_path(schema, table)
        if not self.fs.isfile(path):
            raise SqlError(1146, "42S02", f"Table '{schema}.{table}' doesn't exist")
        data = self.fs.read(path).rstrip(b"\0")
        return json.loads(data.decode())

    def save(self, schema: str, table: str, definition: dict) -> None:
        data = json.dumps(definition, separators=(",", ":")).encode()
        pages = max(MIN_PAGES, -(-len(data) // PAGE) + MIN_PAGES - 1)
        path = self._table_path(schema, table)
        self.fs.write(path, data + bytes(pages * PAGE - len(data)), perm=0o640)
        self.fs.chown(path, MYSQL_UID, MYSQL_UID)

    # ------------------------------------------------------------ statements

    def execute(self, text: str) -> ResultSet | None:
        """Run one statement; a result set for those that return one. :class:`SqlError` as the server refuses."""
        return _Statement(self, text).run()


class _Statement:
    def __init__(self, session: Session, text: str) -> None:
        self.s, self.text = session, text
        self.tokens = tokenize(text)
        self.i = 0

    # ------------------------------------------------------------ tokens

    def peek(self, *words: str) -> bool:
        if self.i >= len(self.tokens):
            return False
        t = self.tokens[self.i]
        return t.kind in ("word", "op") and t.text.upper() in words

    def accept(self, *words: str) -> bool:
        if self.peek(*words):
            self.i += 1
            return True
        return False

    def expect(self, *words: str) -> None:
        if not self.accept(*words):
            raise self.error()

    def exists_clause(self, *words: str) -> bool:
        """``IF NOT EXISTS`` / ``IF EXISTS``: whether it was given."""
        if not self.accept("IF"):
            return False
        for word in words:
            self.expect(word)
        return True

    def error(self) -> SqlError:
        return syntax_error(self.text, self.tokens[self.i].start if self.i < len(self.tokens) else len(self.text))

    def name(self) -> str:
        if self.i < len(self.tokens) and self.tokens[self.i].kind in ("word", "name"):
            self.i += 1
            return str(self.tokens[self.i - 1].value)
        raise self.error()

    def literal(self) -> object:
        if self.accept("NULL"):
            return None
        if self.accept("TRUE"):
            return 1
        if self.accept("FALSE"):
            return 0
        sign = -1 if self.accept("-") else 1
        if self.i < len(self.tokens) and self.tokens[self.i].kind in ("str", "num"):
            t = self.tokens[self.i]
            self.i += 1
            if t.kind == "num":
                return sign * t.value  # type: ignore[operator]
            if sign < 0:
                raise self.error()
            return t.value
        raise self.error()

    def end(self) -> None:
        if self.i < len(self.tokens):
            raise self.error()

    def current_db(self) -> str:
        if not self.s.database:
            raise SqlError(1046, "3D000", "No database selected")
        return self.s.database

    def table_ref(self) -> tuple[str, str]:
        first = self.name()
        if self.accept("."):
            return first, self.name()
        return self.current_db(), first

    # ------------------------------------------------------------ statements

    def run(self) -> ResultSet | None:
        if self.accept("CREATE"):
            self.create()
            return None
        if self.accept("DROP"):
            self.drop()
            return None
        if self.accept("USE"):
            name = self.name()
            self.end()
            if not self.s.schema_exists(name):
                raise SqlError(1049, "42000", f"Unknown database '{name}'")
            self.s.database = name
            return None
        if self.accept("SHOW"):
            return self.show()
        if self.accept("INSERT"):
            self.insert()
            return None
        if self.accept("SELECT"):
            return self.select()
        raise self.error()

    def create(self) -> None:
        if self.accept("DATABASE", "SCHEMA"):
            quiet = self.exists_clause("NOT", "EXISTS")
            name = self.name()
            self.end()
            if self.s.schema_exists(name):
                if quiet:
                    return None
                raise SqlError(1007, "HY000", f"Can't create database '{name}'; database exists")
            self.s.fs.mkdir(f"{DATADIR}/{name}", 0o750)
            self.s.fs.chown(f"{DATADIR}/{name}", MYSQL_UID, MYSQL_UID)
            return None
        self.expect("TABLE")
        quiet = self.exists_clause("NOT", "EXISTS")
        schema, table = self.table_ref()
        columns, primary = self.columns()
        self.end()
        if not self.s.schema_exists(schema):
            raise SqlError(1049, "42000", f"Unknown database '{schema}'")
        if table in self.s.tables(schema):
            if quiet:
                return None
            raise SqlError(1050, "42S01", f"Table '{table}' already exists")
        self.s.save(schema, table, {"columns": columns, "primary": primary, "auto": 1, "rows": []})
        return None

    def columns(self) -> tuple[list[dict], list[str]]:
        self.expect("(")
        columns: list[dict] = []
        primary: list[str] = []
        while True:
            if self.accept("PRIMARY"):
                self.expect("KEY")
                self.expect("(")
                primary = [self.name()]
                while self.accept(","):
                    primary.append(self.name())
                self.expect(")")
            else:
                columns.append(self.column(primary))
            if self.accept(")"):
                return columns, primary
            self.expect(",")

    def column(self, primary: list[str]) -> dict:
        name = self.name()
        if not self.peek(*(t.upper() for t in TYPES)):
            raise self.error()
        kind = self.tokens[self.i].text.lower()
        self.i += 1
        if self.accept("("):
            self.literal()
            if self.accept(","):
                self.literal()
            self.expect(")")
        col = {"name": name, "type": kind, "null": True, "default": None, "auto": False}
        while self.i < len(self.tokens) and not self.peek(",", ")"):
            if self.accept("NOT"):
                self.expect("NULL")
                col["null"] = False
            elif self.accept("NULL", "UNSIGNED", "UNIQUE"):
                pass
            elif self.accept("DEFAULT"):
                col["default"] = self.literal()
            elif self.accept("AUTO_INCREMENT"):
                col["auto"] = True
            elif self.accept("PRIMARY"):
                self.expect("KEY")
                primary[:] = [name]
                col["null"] = False
            else:
                raise self.error()
        return col

    def drop(self) -> None:
        if self.accept("DATABASE", "SCHEMA"):
            quiet = self.exists_clause("EXISTS")
            name = self.name()
            self.end()
            if not self.s.schema_exists(name) or name in SYSTEM_SCHEMAS:
                if quiet:
                    return None
                raise SqlError(1008, "HY000", f"Can't drop database '{name}'; database doesn't exist")
            for table in self.s.tables(name):
                self.s.fs.unlink(self.s._table_path(name, table))
            self.s.fs.rmdir(f"{DATADIR}/{name}")
            if self.s.database == name:
                self.s.database = ""
            return None
        self.expect("TABLE")
        quiet = self.exists_clause("EXISTS")
        schema, table = self.table_ref()
        self.end()
        if not self.s.schema_exists(schema) or table not in self.s.tables(schema):
            if quiet:
                return None
            raise SqlError(1051, "42S02", f"Unknown table '{schema}.{table}'")
        self.s.fs.unlink(self.s._table_path(schema, table))
        return None

    def show(self) -> ResultSet:
        if self.accept("DATABASES", "SCHEMAS"):
            self.end()
            return ResultSet(["Database"], [[n] for n in self.s.schemas()], [False])
        self.expect("TABLES")
        schema = self.name() if self.accept("FROM", "IN") else self.current_db()
        self.end()
        if not self.s.schema_exists(schema):
            raise SqlError(1049, "42000", f"Unknown database '{schema}'")
        return ResultSet([f"Tables_in_{schema}"], [[n] for n in self.s.tables(schema)], [False])

    def insert(self) -> None:
        self.expect("INTO")
        schema, table = self.table_ref()
        names: list[str] | None = None
        if self.accept("("):
            names = [self.name()]
            while self.accept(","):
                names.append(self.name())
            self.expect(")")
        self.expect("VALUES", "VALUE")
        tuples = [self.values()]
        while self.accept(","):
            tuples.append(self.values())
        self.end()
        definition = self.s.load(schema, table)
        columns = [c["name"] for c in definition["columns"]]
        lower = [c.lower() for c in columns]
        names = names if names is not None else columns
        for n in names:
            if n.lower() not in lower:
                raise SqlError(1054, "42S22", f"Unknown column '{n}' in 'field list'")
        for number, values in enumerate(tuples, 1):
            if len(values) != len(names):
                raise SqlError(1136, "21S01", f"Column count doesn't match value count at row {number}")
        rows = list(definition["rows"])
        for values in tuples:
            given = {n.lower(): v for n, v in zip(names, values, strict=True)}
            row = []
            for col in definition["columns"]:
                value = given.get(col["name"].lower(), col["default"])
                if value is None and col["auto"]:
                    value = definition["auto"]
                if value is None and not col["null"]:
                    if col["name"].lower() in given:
                        raise SqlError(1048, "23000", f"Column '{col['name']}' cannot be null")
                    raise SqlError(1364, "HY000", f"Field '{col['name']}' doesn't have a default value")
                row.append(_store(col["type"], value))
                if col["auto"] and isinstance(row[-1], int):
                    definition["auto"] = max(definition["auto"], row[-1] + 1)
            key = [row[lower.index(k.lower())] for k in definition["primary"]]
            if key and any([r[lower.index(k.lower())] for k in definition["primary"]] == key for r in rows):
                raise SqlError(1062, "23000", f"Duplicate entry '{'-'.join(map(str, key))}' for key "
                                              f"'{table}.PRIMARY'")
            rows.append(row)
        definition["rows"] = rows
        self.s.save(schema, table, definition)
        return None

    def values(self) -> list[object]:
        self.expect("(")
        values = [self.literal()]
        while self.accept(","):
            values.append(self.literal())
        self.expect(")")
        return values

    def select(self) -> ResultSet:
        items: list[tuple[str, str]] = []  # (kind, text as typed): column, star, count, literal
        while True:
            start = self.tokens[self.i].start if self.i < len(self.tokens) else len(self.text)
            if self.accept("*"):
                items.append(("star", "*"))
            elif self.accept("COUNT"):
                self.expect("(")
                self.expect("*")
                self.expect(")")
                items.append(("count", self.text[start:self.tokens[self.i - 1].start + 1]))
            elif self.i < len(self.tokens) and self.tokens[self.i].kind in ("num", "str"):
                value = self.literal()
                items.append(("literal", json.dumps(value)))
            else:
                items.append(("column", self.name()))
            if not self.accept(","):
                break
        if not self.accept("FROM"):
            self.end()
            if any(kind != "literal" for kind, _ in items):
                raise SqlError(1054, "42S22", f"Unknown column '{items[0][1]}' in 'field list'")
            values = [json.loads(text) for _, text in items]
            return ResultSet([str(v) for v in values], [values], [isinstance(v, int | float) for v in values])
        schema, table = self.table_ref()
        where: list[tuple[str, str, object]] = []
        if self.accept("WHERE"):
            while True:
                column = self.name()
                if not self.peek("=", "!=", "<>", "<", ">", "<=", ">="):
                    raise self.error()
                op = self.tokens[self.i].text
                self.i += 1
                where.append((column, op, self.literal()))
                if not self.accept("AND"):
                    break
        order: list[tuple[str, bool]] = []
        if self.accept("ORDER"):
            self.expect("BY")
            while True:
                column = self.name()
                order.append((column, self.accept("DESC") or (self.accept("ASC") and False)))
                if not self.accept(","):
                    break
        limit = None
        if self.accept("LIMIT"):
            value = self.literal()
            if not isinstance(value, int):
                raise self.error()
            limit = value
        self.end()
        definition = self.s.load(schema, table)
        cols = definition["columns"]
        lower = [c["name"].lower() for c in cols]

        def index(name: str, clause: str) -> int:
            if name.lower() not in lower:
                raise SqlError(1054, "42S22", f"Unknown column '{name}' in '{clause}'")
            return lower.index(name.lower())

        for kind, text in items:
            if kind == "column":
                index(text, "field list")
        tests = [(index(c, "where clause"), op, v) for c, op, v in where]
        rows = [r for r in definition["rows"] if all(_compare(r[i], op, v) for i, op, v in tests)]
        for name, desc in reversed(order):
            i = index(name, "order clause")
            rows.sort(key=functools.partial(_row_key, i), reverse=desc)
        if any(kind == "count" for kind, _ in items):
            loose = next((text for kind, text in items if kind in ("column", "star")), None)
            if loose is not None:
                n = next(i for i, (_, text) in enumerate(items, 1) if text == loose)
                raise SqlError(1140, "42000", f"In aggregated query without GROUP BY, expression #{n} of SELECT list "
                                              f"contains nonaggregated column '{schema}.{table}.{loose}'; this is "
                                              "incompatible with sql_mode=only_full_group_by")
            return ResultSet([text for _, text in items],
                             [[len(rows) if kind == "count" else json.loads(text) for kind, text in items]],
                             [True for _ in items])
        picked: list[tuple[str, int]] = []
        for kind, text in items:
            if kind == "star":
                picked += [(c["name"], i) for i, c in enumerate(cols)]
            elif kind == "column":
                picked.append((text, lower.index(text.lower())))
            else:
                raise self.error()
        rows = rows[:limit] if limit is not None else rows
        return ResultSet([name for name, _ in picked], [[r[i] for _, i in picked] for r in rows],
                         [cols[i]["type"] in (*INTEGER_TYPES, "decimal", "float", "double") for _, i in picked])


def _store(kind: str, value: object) -> object:
    """A value as the column keeps it: integers for integer columns (``'7'`` becomes 7), text otherwise."""
    if value is None:
        return None
    if kind in INTEGER_TYPES or kind in ("boolean", "bool"):
        try:
            return int(float(value))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return 0
    return str(value)


def _row_key(i: int, row: list) -> tuple:
    return _sort_key(row[i])


def _sort_key(value: object) -> tuple:
    if value is None:
        return (0, 0, "")
    if isinstance(value, int | float):
        return (1, value, "")
    return (1, 0, str(value).casefold())  # MySQL 8's default collation ignores case


def _compare(stored: object, op: str, given: object) -> bool:
    if stored is None or given is None:
        return False
    if isinstance(stored, int | float) or isinstance(given, int | float):
        try:
            return _holds(float(stored), op, float(given))  # type: ignore[arg-type]
        except ValueError:
            return False
    return _holds(str(stored).casefold().rstrip(" "), op, str(given).casefold().rstrip(" "))


def _holds(a, op: str, b) -> bool:
    return {"=": a == b, "!=": a != b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
