"""A small YAML emitter for the shapes the archive uses (standard library only).

Mappings are Python dicts (insertion order is kept), sequences are lists. Strings are written plain
when that is unambiguous and double-quoted otherwise; strings with a newline become literal blocks.
`Raw` is written exactly as given (used for numbers whose digits matter, e.g. attainment).
"""

import re
from datetime import date, datetime

from timeutil import fmt_time


class Raw:
    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return f"Raw({self.text!r})"


def num(value, digits):
    """A float written with exactly `digits` decimals (trailing zeros kept)."""
    return Raw(f"{value:.{digits}f}")


_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", ""}
_NUMBER = re.compile(r"[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(inf|nan)",
                     re.IGNORECASE)
_SEXAGESIMAL = re.compile(r"\d+(:\d+)+")
_DATEISH = re.compile(r"\d{4}-\d{2}-\d{2}.*")


def _plain_ok(s, in_flow):
    if s != s.strip() or s.lower() in _RESERVED:
        return False
    if s[0] in "-?:,[]{}#&*!|>'\"%@`":
        return False
    if ": " in s or " #" in s or s.endswith(":") or "\n" in s or "\t" in s:
        return False
    if _NUMBER.fullmatch(s) or _SEXAGESIMAL.fullmatch(s) or _DATEISH.fullmatch(s):
        return False
    if in_flow and any(c in s for c in ",[]{}"):
        return False
    return True


def _quote(s):
    out = ['"']
    for c in s:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif ord(c) < 0x20:
            out.append(f"\\x{ord(c):02x}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def scalar(v, in_flow=False):
    if isinstance(v, Raw):
        return v.text
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, datetime):
        return fmt_time(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, str):
        return v if _plain_ok(v, in_flow) else _quote(v)
    raise TypeError(f"cannot write {type(v).__name__}: {v!r}")


def _is_scalar(v):
    return not isinstance(v, (dict, list))


def _flow_ok(items):
    """Short lists of plain scalars go on one line: [a, b, c]."""
    if not all(_is_scalar(i) for i in items):
        return False
    texts = [scalar(i, in_flow=True) for i in items]
    return all(not t.startswith('"') for t in texts) and sum(len(t) + 2 for t in texts) <= 90


def _block_literal(s, indent):
    pad = " " * indent
    body = s if s.endswith("\n") else s + "\n"
    lines = body[:-1].split("\n")
    for ln in lines:
        if ln != ln.rstrip():
            raise ValueError(f"trailing space in block text: {ln!r}")
    header = "|" if s.endswith("\n") else "|-"
    if lines and lines[0].startswith(" "):
        header += "2"
    return header, [pad + ln if ln else "" for ln in lines]


def dump(obj, indent=0):
    """Lines of YAML for a mapping `obj` at the given indentation."""
    lines = []
    pad = " " * indent
    for key, val in obj.items():
        k = scalar(key)
        if isinstance(val, dict):
            if not val:
                lines.append(f"{pad}{k}: {{}}")
            else:
                lines.append(f"{pad}{k}:")
                lines.extend(dump(val, indent + 2))
        elif isinstance(val, list):
            if not val:
                lines.append(f"{pad}{k}: []")
            elif _flow_ok(val):
                lines.append(f"{pad}{k}: [" + ", ".join(scalar(i, in_flow=True) for i in val) + "]")
            else:
                lines.append(f"{pad}{k}:")
                lines.extend(dump_list(val, indent + 2))
        elif isinstance(val, str) and "\n" in val:
            header, body = _block_literal(val, indent + 2)
            lines.append(f"{pad}{k}: {header}")
            lines.extend(body)
        else:
            lines.append(f"{pad}{k}: {scalar(val)}")
    return lines


def dump_list(items, indent):
    lines = []
    pad = " " * indent
    for item in items:
        if isinstance(item, dict):
            sub = dump(item, indent + 2)
            sub[0] = pad + "- " + sub[0][indent + 2:]
            lines.extend(sub)
        elif isinstance(item, list):
            raise TypeError("nested lists are not used")
        elif isinstance(item, str) and "\n" in item:
            header, body = _block_literal(item, indent + 2)
            lines.append(f"{pad}- {header}")
            lines.extend(body)
        else:
            lines.append(f"{pad}- {scalar(item)}")
    return lines


def front_matter(meta, body):
    text = "---\n" + "\n".join(dump(meta)) + "\n---\n"
    body = body.strip("\n")
    if body:
        text += body + "\n"
    return text


def document(meta):
    return "\n".join(dump(meta)) + "\n"
