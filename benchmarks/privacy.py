"""After a load test: is any client address or user agent stored anywhere?

``scan_database`` reads every text-like column of every table of the
current PostgreSQL schema (``text``, ``varchar``, ``char``, ``inet``,
``cidr``, ``json``, ``jsonb``, ``bytea``, arrays, found through
``information_schema``) for the given needles, case-insensitively;
``scan_redis`` reads the key names and values of whole Redis databases.
"""

TEXT_TYPES = (
    "text",
    "character varying",
    "character",
    "inet",
    "cidr",
    "json",
    "jsonb",
    "bytea",
    "ARRAY",
    "USER-DEFINED",
)

COLUMNS = """
SELECT c.table_name, c.column_name, c.data_type
FROM information_schema.columns c
JOIN information_schema.tables t
  ON t.table_schema = c.table_schema AND t.table_name = c.table_name
WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
  AND c.data_type = ANY(%s)
ORDER BY c.table_name, c.ordinal_position
"""


def like_patterns(needles):
    """``ILIKE`` patterns that find each needle anywhere in a value."""
    escaped = (n.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for n in needles)
    return [f"%{n}%" for n in escaped if n]


def _as_text(column, data_type):
    if data_type == "bytea":
        return f"encode({column}, 'escape')"
    return f"{column}::text"


def scan_database(needles):
    """``{"tables": n, "columns": n, "rows": n, "hits": [...]}``; each hit
    names the table and column, how many rows match and one value."""
    from django.db import connection

    patterns = like_patterns(needles)
    quote = connection.ops.quote_name
    hits, tables, rows = [], set(), 0
    with connection.cursor() as cursor:
        cursor.execute(COLUMNS, [list(TEXT_TYPES)])
        columns = cursor.fetchall()
        for table, column, data_type in columns:
            tables.add(table)
            value = _as_text(quote(column), data_type)
            cursor.execute(
                f"SELECT count(*), min(left({value}, 300)) FROM {quote(table)} "  # noqa: S608
                f"WHERE {value} ILIKE ANY(%s)",
                [patterns],
            )
            count, sample = cursor.fetchone()
            if count:
                hits.append({"table": table, "column": column, "rows": count, "sample": sample})
        for table in sorted(tables):
            cursor.execute(f"SELECT count(*) FROM {quote(table)}")  # noqa: S608
            rows += cursor.fetchone()[0]
    return {"tables": len(tables), "columns": len(columns), "rows": rows, "hits": hits}


def _redis_values(client, keys):
    """The values of ``keys`` as bytes (hashes and sets joined), one round trip."""
    pipe = client.pipeline(transaction=False)
    for key in keys:
        pipe.type(key)
    kinds = pipe.execute()
    readers = {
        b"string": pipe.get,
        b"hash": pipe.hgetall,
        b"set": pipe.smembers,
        b"list": lambda key: pipe.lrange(key, 0, -1),
        b"zset": lambda key: pipe.zrange(key, 0, -1),
    }
    for key, kind in zip(keys, kinds, strict=True):
        readers.get(kind, pipe.exists)(key)
    values = []
    for value in pipe.execute():
        if isinstance(value, dict):
            value = b" ".join(k + b"=" + v for k, v in value.items())
        elif isinstance(value, set | list):
            value = b" ".join(value)
        values.append(value if isinstance(value, bytes) else b"")
    return values


def scan_redis(client, needles, batch=2000):
    """Scan one Redis database (every key, its name and its value); the
    number of keys, of keys that hold a needle, and the first few of them."""
    lowered = [n.lower().encode() for n in needles if n]
    result = {"keys": 0, "matching": 0, "hits": []}

    def check(keys):
        result["keys"] += len(keys)
        for key, value in zip(keys, _redis_values(client, keys), strict=True):
            if any(n in (key + b" " + value).lower() for n in lowered):
                result["matching"] += 1
                if len(result["hits"]) < 10:
                    result["hits"].append(
                        {
                            "key": key.decode(errors="replace"),
                            "value": value[:200].decode(errors="replace"),
                        }
                    )

    keys = []
    for key in client.scan_iter(count=batch):
        keys.append(key)
        if len(keys) >= batch:
            check(keys)
            keys = []
    check(keys)
    return result
