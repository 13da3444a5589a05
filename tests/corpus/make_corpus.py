#!/usr/bin/env python3
"""Writes the bad-input corpus next to this script: small files that are empty,
truncated, corrupt, lie in their headers, or are not UTF-8. The files are
committed; this script documents how each was made and can remake them.
tests/scripts/check_bad_input.sh feeds them to fusionscope-cli, tests/gui/test_bad_input
to the app. Needs only the Python standard library."""
import json
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    path = os.path.join(HERE, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width, height, rows=None):
    header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    raw = rows if rows is not None else b"".join(b"\0" + b"\x80" * (3 * width) for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + header + png_chunk(b"IDAT", zlib.compress(raw)) + png_chunk(b"IEND", b"")


def wav(channels=1, rate=16000, bits=16, frames=160, data_size=None, fmt_tag=1):
    block = channels * bits // 8
    data = b"\0\1" * (frames * block // 2)
    size = len(data) if data_size is None else data_size
    fmt = struct.pack("<HHIIHH", fmt_tag, channels, rate, rate * block, block, bits)
    return (b"RIFF" + struct.pack("<I", 36 + size) + b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt
            + b"data" + struct.pack("<I", size) + data)


def safetensors(header, data):
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + data


def main():
    good = png(4, 4)
    write("images/good.png", good)
    write("images/empty.png", b"")
    write("images/truncated.png", good[:60])
    write("images/garbage.jpg", bytes((i * 73 + 11) % 256 for i in range(600)))
    write("images/text-named-png.png", "this is not a picture\n")
    # The header claims 60,000 x 60,000 pixels (3.6 billion): refused before decoding.
    write("images/huge-dimensions.png", png(60000, 60000, rows=b"\0" * 16))
    write("images/zero-width.png", png(0, 4, rows=b""))
    # A BMP whose header claims 100,000 x 100,000 pixels.
    bmp = (b"BM" + struct.pack("<IHHI", 54, 0, 0, 54) +
           struct.pack("<IiiHHIIiiII", 40, 100000, 100000, 1, 24, 0, 0, 2835, 2835, 0, 0))
    write("images/lying-header.bmp", bmp)

    write("audio/good.wav", wav())
    write("audio/empty.wav", b"")
    write("audio/header-only.wav", wav()[:20])
    write("audio/garbage.ogg", bytes((i * 37 + 5) % 256 for i in range(400)))
    write("audio/garbage.flac", b"fLaC" + bytes((i * 91 + 3) % 256 for i in range(300)))
    write("audio/zero-channels.wav", wav(channels=0))
    write("audio/absurd-rate.wav", wav(rate=2_000_000_000))
    write("audio/text-named-wav.wav", "not a sound\n")

    write("text/latin1.txt", "caf\xe9 au lait\n".encode("latin-1"))
    write("text/empty.txt", b"")

    # Manifests sit beside images/ and audio/ and name them relatively.
    write("manifest-missing-files.jsonl",
          '{"image": "images/good.png", "text": "a grey square"}\n'
          '{"image": "images/no-such-file.png", "text": "lost"}\n'
          '{"audio": "audio/good.wav", "text": "a short tone"}\n')
    write("manifest-all-missing.jsonl", '{"image": "gone.png"}\n{"image": "also-gone.png"}\n')
    write("manifest-broken-line.jsonl", '{"text": "fine"}\n{"text": "broken\n')
    write("manifest-latin1.jsonl", '{"text": "caf\xe9"}\n'.encode("latin-1"))
    write("manifest-not-objects.jsonl", '[1, 2, 3]\n')
    write("manifest-empty.jsonl", "")
    write("manifest-ragged.csv", "image,text\nimages/good.png,a square,extra\n")
    write("manifest-unterminated-quote.csv", 'image,text\nimages/good.png,"a square\n')
    write("manifest-header-only.csv", "image,text\n")
    write("coco-no-annotations.json", '{"images": []}')
    write("coco-unknown-image.json",
          '{"images": [{"id": 1, "file_name": "images/good.png"}], '
          '"annotations": [{"image_id": 7, "caption": "what image?"}]}')
    write("coco-truncated.json", '{"images": [{"id": 1, "file_na')

    # safetensors: an 8-byte header length, the JSON header, the data.
    f32 = {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}
    write("checkpoints/empty.safetensors", b"")
    write("checkpoints/short-length.safetensors", b"\x10\0\0")
    write("checkpoints/header-length-lies.safetensors", struct.pack("<Q", 1 << 40) + b"{}")
    write("checkpoints/header-not-json.safetensors", struct.pack("<Q", 8) + b"notjson!")
    write("checkpoints/offsets-past-end.safetensors",
          safetensors({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}, b"\0" * 8))
    write("checkpoints/shape-disagrees.safetensors",
          safetensors({"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, b"\0" * 8))
    write("checkpoints/overlapping.safetensors",
          safetensors({"a": f32, "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}, b"\0" * 12))
    write("checkpoints/unknown-dtype.safetensors",
          safetensors({"w": {"dtype": "F8_E9", "shape": [2], "data_offsets": [0, 2]}}, b"\0" * 2))
    write("checkpoints/huge-shape.safetensors",
          safetensors({"w": {"dtype": "F32", "shape": [1 << 31, 1 << 31, 1 << 31], "data_offsets": [0, 8]}},
                      b"\0" * 8))
    # TorchScript archives are zip files.
    write("checkpoints/garbage.pt", bytes((i * 59 + 7) % 256 for i in range(2048)))
    write("checkpoints/empty.pt", b"")
    write("checkpoints/zip-without-model.pt",
          b"PK\x05\x06" + b"\0" * 18)  # an empty zip: an end-of-directory record only

    # Workspaces (the app's .fsw files).
    write("workspaces/broken.fsw", '{"format": "fusionscope-workspace", "version": 1, "items": [')
    write("workspaces/latin1.fsw",
          '{"format": "fusionscope-workspace", "version": 1, "items": [{"kind": "text", "content": "caf\xe9"}]}'
          .encode("latin-1"))
    write("workspaces/items-not-a-list.fsw", '{"format": "fusionscope-workspace", "version": 1, "items": 5}')
    write("workspaces/empty.fsw", b"")
    write("workspaces/missing-files.fsw",
          '{"format": "fusionscope-workspace", "version": 1, "model": "", "items": ['
          '{"kind": "image", "content": "../images/good.png", "label": "good"}, '
          '{"kind": "image", "content": "../images/no-such-file.png", "label": "lost"}, '
          '{"kind": "text", "content": "a caption", "label": "a caption"}]}')

    # Tokenizer files of a Hugging Face CLIP folder (the rest comes from the fixture).
    write("tokenizers/vocab-not-json.json", '{"a": 0, "b": ')
    write("tokenizers/vocab-not-object.json", '["a", "b"]')
    write("tokenizers/merges-latin1.txt", "#version: 0.2\nca f\xe9\n".encode("latin-1"))
    write("tokenizers/merges-one-column.txt", "#version: 0.2\nabc\n")


if __name__ == "__main__":
    main()
