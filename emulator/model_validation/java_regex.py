"""Java regular expressions (the models' `pattern`) in Python's `re`: `translate_java_regex`, or
`UncheckablePattern` for what has no translation."""

import functools
import re
import threading
import unicodedata


class UncheckablePattern(Exception):
    pass


_POSIX = {  # Java's POSIX classes (US-ASCII only, as in Java by default)
    "Lower": "a-z", "Upper": "A-Z", "ASCII": "\\x00-\\x7f", "Alpha": "a-zA-Z", "Digit": "0-9",
    "Alnum": "a-zA-Z0-9", "Punct": "!-/:-@\\[-`{-~", "Graph": "!-~", "Print": " -~",
    "Blank": " \\t", "Cntrl": "\\x00-\\x1f\\x7f", "XDigit": "0-9a-fA-F", "Space": " \\t\\n\\x0b\\f\\r",
}
_category_lock = threading.Lock()


@functools.lru_cache(maxsize=None)
def _category_runs():
    """{general category: [(first, last) code point runs]}: one pass over Unicode."""
    runs = {}
    category = unicodedata.category
    start, current = 0, category("\x00")
    for cp in range(1, 0x110000):
        c = category(chr(cp))
        if c != current:
            runs.setdefault(current, []).append((start, cp - 1))
            start, current = cp, c
    runs.setdefault(current, []).append((start, 0x10FFFF))
    return runs


def _unicode_ranges(name):
    """Code point runs of a Java \\p{name} class, or None if unknown."""
    if name in _POSIX:
        return None
    key = name[2:] if name.startswith("Is") and len(name) in (3, 4) else name
    if len(key) in (1, 2) and key[0] in "LMNPSZC" and (len(key) == 1 or key.isalpha()):
        with _category_lock:
            runs = _category_runs()
        selected = [r for cat, rs in runs.items() if cat.startswith(key) for r in rs]
        if not selected:
            return None
        return _merge(selected)
    return None


def _merge(ranges):
    merged = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def _complement(ranges):
    out, nxt = [], 0
    for lo, hi in ranges:
        if lo > nxt:
            out.append((nxt, lo - 1))
        nxt = hi + 1
    if nxt <= 0x10FFFF:
        out.append((nxt, 0x10FFFF))
    return out


def _class_text(ranges):
    return "".join(f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges)


_CLASS_ESCAPES = set("wWdDsS")


def translate_java_regex(pattern):
    """A Java regex as a Python `re` pattern (compile it with re.ASCII: Java's \\w, \\d,
    \\s and \\b are ASCII by default). Raises UncheckablePattern for what has no
    translation."""
    out = []
    i, n = 0, len(pattern)
    in_class = False
    class_start = 0  # index in `out` where the current class's contents begin
    last_was_class_escape = False
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt in "pP":
                if i + 2 < n and pattern[i + 2] == "{":
                    end = pattern.find("}", i + 3)
                    if end < 0:
                        raise UncheckablePattern("unterminated \\p{")
                    name, i = pattern[i + 3:end], end + 1
                else:
                    name, i = pattern[i + 2:i + 3], i + 3
                negate = nxt == "P"
                if name.startswith("Is") and name[2:] in _POSIX:
                    name = name[2:]
                if name in _POSIX:
                    body = _POSIX[name]
                    if in_class and negate:
                        raise UncheckablePattern(f"\\P{{{name}}} inside a character class")
                    out.append(body if in_class else f"[{'^' if negate else ''}{body}]")
                else:
                    ranges = _unicode_ranges(name)
                    if ranges is None:
                        raise UncheckablePattern(f"Java class \\p{{{name}}} has no translation")
                    if in_class:
                        out.append(_class_text(_complement(ranges) if negate else ranges))
                    else:
                        out.append(f"[{'^' if negate else ''}{_class_text(ranges)}]")
                last_was_class_escape = True
                continue
            if nxt == "Q":
                end = pattern.find("\\E", i + 2)
                literal = pattern[i + 2:] if end < 0 else pattern[i + 2:end]
                out.append("".join("\\" + c if not c.isalnum() else c for c in literal))
                i = n if end < 0 else end + 2
                last_was_class_escape = False
                continue
            if nxt == "x" and i + 2 < n and pattern[i + 2] == "{":
                end = pattern.find("}", i + 3)
                out.append(f"\\U{int(pattern[i + 3:end], 16):08x}")
                i = end + 1
                last_was_class_escape = False
                continue
            if nxt == "u" and i + 5 < n:
                hexa = pattern[i + 2:i + 6]
                cp = int(hexa, 16)
                # A UTF-16 surrogate pair is one code point.
                if 0xD800 <= cp <= 0xDBFF and pattern[i + 6:i + 8] == "\\u":
                    low = int(pattern[i + 8:i + 12], 16)
                    if 0xDC00 <= low <= 0xDFFF:
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                out.append(f"\\U{cp:08x}")
                i += 6
                last_was_class_escape = False
                continue
            if nxt in "zZhvReaG0cXN" or (nxt == "b" and pattern[i + 2:i + 3] == "{"):
                table = {
                    "z": "\\Z", "Z": "(?=\\n?\\Z)",
                    "h": "[ \\t\\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]",
                    "v": "[\\n\\x0b\\f\\r\\x85\\u2028\\u2029]",
                    "R": "(?:\\r\\n|[\\n\\x0b\\f\\r\\x85\\u2028\\u2029])",
                    "e": "\\x1b", "a": "\\x07",
                }
                if nxt in table and not (in_class and nxt in "ZzR"):
                    body = table[nxt]
                    if in_class and body.startswith("["):
                        body = body[1:-1]
                    out.append(body)
                    i += 2
                    last_was_class_escape = nxt in "hv"
                    continue
                if nxt == "0":
                    digits = re.match(r"[0-7]{1,3}", pattern[i + 2:])
                    if digits:
                        out.append(f"\\x{int(digits.group(), 8):02x}")
                        i += 2 + len(digits.group())
                        continue
                raise UncheckablePattern(f"Java escape \\{nxt} has no translation")
            if in_class and nxt in _CLASS_ESCAPES:
                # Java takes `-` beside a class escape literally; Python calls it a bad range.
                if out and out[-1] == "-" and len(out) > class_start + 1:
                    out[-1] = "\\-"
                out.append(pattern[i:i + 2])
                i += 2
                last_was_class_escape = True
                continue
            out.append(pattern[i:i + 2])
            i += 2
            last_was_class_escape = nxt in _CLASS_ESCAPES
            continue
        if in_class:
            if ch == "[":
                raise UncheckablePattern("a nested character class (Java's union)")
            if ch == "&" and pattern[i:i + 2] == "&&":
                raise UncheckablePattern("a character class intersection (&&)")
            if ch == "]" and len(out) > class_start:
                in_class = False
                out.append(ch)
                i += 1
                last_was_class_escape = False
                continue
            if ch == "-" and last_was_class_escape:
                out.append("\\-")
                i += 1
                last_was_class_escape = False
                continue
            out.append(ch)
            i += 1
            last_was_class_escape = False
            continue
        if ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            class_start = len(out)
            if i < n and pattern[i] == "]":  # Java: `[]` opens with a literal ]
                out.append("\\]")
                i += 1
            last_was_class_escape = False
            continue
        if ch == "(" and pattern[i:i + 3] == "(?<" and pattern[i + 3:i + 4] not in ("=", "!"):
            out.append("(?P<")
            i += 3
            continue
        if ch == "(" and pattern[i:i + 2] == "(?":
            flags = re.match(r"\(\?([a-zA-Z-]+)[:)]", pattern[i:])
            if flags and set(flags.group(1)) - set("imsx-"):
                raise UncheckablePattern(f"Java flags (?{flags.group(1)}) have no translation")
        out.append(ch)
        i += 1
        last_was_class_escape = False
    if in_class:
        raise UncheckablePattern("an unterminated character class")
    return "".join(out)
