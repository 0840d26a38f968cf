#!/usr/bin/env python3
"""Writes the generated images of the bad-input corpus (standard library only; run from any directory).

  pixel-bomb.png    a 67-byte PNG whose header declares 100000 x 100000 pixels (10 gigapixels)
  gray16.png        an 8 x 8 16-bit greyscale gradient (valid; must decode to 8-bit)
  truncated.png     the first half of a valid 64 x 64 RGB PNG
  corrupt.jpg       a JPEG start-of-image marker followed by bytes that are no JPEG
  not-an-image.png  an HTML login page saved under an image name
cmyk.jpg (a 375-byte CMYK JPEG, red and green halves) was made once with Pillow and is checked in as it is.
"""
import os
import random
import struct
import zlib

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "images")


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width: int, height: int, bit_depth: int, colour_type: int, rows: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def write(name: str, data: bytes) -> None:
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


write("pixel-bomb.png", png(100000, 100000, 8, 0, b"\x00\x00"))
write("gray16.png", png(8, 8, 16, 0, b"".join(b"\x00" + b"".join(struct.pack(">H", (x + y) * 4096) for x in range(8)) for y in range(8))))
rgb = png(64, 64, 8, 2, b"".join(b"\x00" + bytes(v for x in range(64) for v in (x * 4, y * 4, 128)) for y in range(64)))
write("truncated.png", rgb[: len(rgb) // 2])
noise = random.Random(7)
write("corrupt.jpg", b"\xff\xd8\xff\xe0" + bytes(noise.randrange(256) for _ in range(600)))
write("not-an-image.png", b"<!doctype html><html><head><title>Sign in</title></head><body><form>Log in</form></body></html>\n")
