"""A minimal protobuf wire-format reader: enough to pull known fields out of W&B and TensorBoard
records without the generated classes (the product must not import the tracking libraries)."""

from __future__ import annotations

import struct

VARINT, I64, LEN, SGROUP, EGROUP, I32 = 0, 1, 2, 3, 4, 5


class DecodeError(ValueError):
    pass


def read_varint(buf, pos: int) -> tuple[int, int]:
    result = 0
    shift = 0
    n = len(buf)
    while True:
        if pos >= n:
            raise DecodeError("truncated varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise DecodeError("varint too long")


def iter_fields(buf):
    """Yield (field_number, wire_type, value): ints for varint/fixed, bytes for length-delimited."""
    pos = 0
    n = len(buf)
    while pos < n:
        key, pos = read_varint(buf, pos)
        num, wt = key >> 3, key & 7
        if num == 0:
            raise DecodeError("field number 0")
        if wt == VARINT:
            val, pos = read_varint(buf, pos)
        elif wt == LEN:
            ln, pos = read_varint(buf, pos)
            if pos + ln > n:
                raise DecodeError("truncated length-delimited field")
            val = bytes(buf[pos : pos + ln])
            pos += ln
        elif wt == I64:
            if pos + 8 > n:
                raise DecodeError("truncated fixed64")
            val = struct.unpack_from("<Q", buf, pos)[0]
            pos += 8
        elif wt == I32:
            if pos + 4 > n:
                raise DecodeError("truncated fixed32")
            val = struct.unpack_from("<I", buf, pos)[0]
            pos += 4
        else:
            raise DecodeError(f"unsupported wire type {wt}")
        yield num, wt, val


def fields(buf) -> dict[int, list]:
    """All fields of one message, grouped by number (repeated fields keep their order)."""
    out: dict[int, list] = {}
    for num, _wt, val in iter_fields(buf):
        out.setdefault(num, []).append(val)
    return out


def first(msg: dict[int, list], num: int, default=None):
    vals = msg.get(num)
    return vals[0] if vals else default


def text(msg: dict[int, list], num: int) -> str:
    val = first(msg, num)
    return val.decode("utf-8", "replace") if isinstance(val, bytes) else ""


def as_double(val: int) -> float:
    return struct.unpack("<d", struct.pack("<Q", val))[0]


def as_float(val: int) -> float:
    return struct.unpack("<f", struct.pack("<I", val))[0]


def as_int32(val: int) -> int:
    """A varint that holds a (possibly negative) int32/int64."""
    return val - (1 << 64) if val >= 1 << 63 else val
