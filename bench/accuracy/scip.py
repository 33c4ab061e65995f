"""A minimal reader of SCIP indexes (the protobuf fields the scorers use).

Shared by the scorers of every language whose oracle writes SCIP
(scip-python, rust-analyzer). Only Index.documents is read: each document's
relative path and its occurrences.
"""

SCIP_DEFINITION = 1  # SymbolRole.Definition


def _varint(b, i):
    r = s = 0
    while True:
        c = b[i]
        i += 1
        r |= (c & 0x7F) << s
        s += 7
        if c < 0x80:
            return r, i


def fields(b):
    """Yields (field number, wire type, value) of one protobuf message."""
    i, n = 0, len(b)
    while i < n:
        key, i = _varint(b, i)
        num, wire = key >> 3, key & 7
        if wire == 0:
            v, i = _varint(b, i)
        elif wire == 2:
            ln, i = _varint(b, i)
            v = b[i:i + ln]
            i += ln
        elif wire == 1:
            v, i = b[i:i + 8], i + 8
        elif wire == 5:
            v, i = b[i:i + 4], i + 4
        else:
            raise ValueError("unsupported wire type %d" % wire)
        yield num, wire, v


def packed(b):
    out, i = [], 0
    while i < len(b):
        v, i = _varint(b, i)
        out.append(v)
    return out


def _span(rng):
    """(start line, start col, end line, end col) of a SCIP range, which is
    three numbers when it starts and ends on one line."""
    if len(rng) == 3:
        return rng[0], rng[1], rng[0], rng[2]
    return tuple(rng[:4])


class Occurrence:
    __slots__ = ("line", "col", "end_line", "end_col", "symbol", "roles", "enclosing")

    def __init__(self, rng, symbol, roles, enclosing):
        self.line, self.col, self.end_line, self.end_col = _span(rng)
        self.symbol, self.roles = symbol, roles
        self.enclosing = _span(enclosing) if enclosing else None

    @property
    def definition(self):
        return bool(self.roles & SCIP_DEFINITION)


def read_documents(path):
    """Returns {relative path: [Occurrence]} of a SCIP index file."""
    data = open(path, "rb").read()
    docs = {}
    for num, _, doc in fields(data):
        if num != 2:  # Index.documents
            continue
        rel, occs = None, []
        for f, _, v in fields(doc):
            if f == 1:
                rel = v.decode()
            elif f == 2:  # Occurrence
                rng, sym, roles, enclosing = [], "", 0, []
                for g, w, x in fields(v):
                    if g == 1:
                        rng = packed(x) if w == 2 else rng + [x]
                    elif g == 2:
                        sym = x.decode()
                    elif g == 3:
                        roles = x
                    elif g == 7:
                        enclosing = packed(x) if w == 2 else enclosing + [x]
                if len(rng) >= 3 and sym:
                    occs.append(Occurrence(rng, sym, roles, enclosing))
        docs[rel] = occs
    return docs
