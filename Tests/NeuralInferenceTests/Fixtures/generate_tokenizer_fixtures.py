#!/usr/bin/env python3
"""Regenerates the tokenizer fixtures from the model's own tokenizer.json with HuggingFace
`tokenizers`, so the Swift tests compare against the reference without needing Python.

Usage: pip install tokenizers
       python3 generate_tokenizer_fixtures.py MODEL_DIR   (the directory install-model.sh fills)
Writes tokenizer-cases.json (text → ids, truncated to 256 like sentence-transformers) and
unicode-probe.json (a digest of the untruncated ids of every code point, in blocks).
"""
import json, os, random, sys
import tokenizers
from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
PROBE_BLOCK = 256


def fnv1a(ids):
    h = 0xCBF29CE484222325
    for i in ids:
        h = ((h ^ i) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def probe_text(first):
    """Each code point between two letters: shows removal ("aa"), whitespace ("a a"),
    punctuation or CJK ("a", c, "a") and letters ("a" c "a" as one word)."""
    return " ".join("a" + chr(cp) + "a" for cp in range(first, first + PROBE_BLOCK)
                    if not 0xD800 <= cp <= 0xDFFF)


HANDWRITTEN = [
    # code
    "func retry<T>(times: Int, _ body: () async throws -> T) async rethrows -> T {}",
    "let x = a?.b ?? c!; guard let y else { return }",
    "#include <stdio.h>\nint main(void) { printf(\"%d\\n\", 42); return 0; }",
    "fn main() { let v: Vec<u8> = vec![0xff, 0b1010]; println!(\"{:?}\", v); }",
    "SELECT COUNT(*) FROM t WHERE x >= 1e-9 AND y <> 'O''Reilly';",
    "class Foo(Bar, metaclass=ABCMeta):\n\t@property\n\tdef __len__(self) -> int: ...",
    "const f = async ({ a, ...rest }) => await fetch(`/api/${a}?q=${rest.q}`);",
    "git@github.com:owner/repo.git https://example.com/a/b?c=d&e=f#frag",
    "x <<= 2; y >>>= 3; z **= 4; w //= 5; a ~= b; c ^= d | e & f",
    "@objc dynamic var isHidden: Bool // TODO(someone): FIXME!!! ¯\\_(ツ)_/¯",
    "camelCaseIdentifier PascalCase SCREAMING_SNAKE kebab-case dot.separated",
    "0x1F600 1_000_000 3.14159e+10 -0.0 NaN Infinity 1e-12",
    "$var @attr %mod &ref *ptr ~dtor `tick` ^xor |pipe \\back",
    "[CLS] [SEP] [PAD] [UNK] [MASK] [cls] [Sep] [[SEP]] [SEP[SEP]]",
    "prefix[MASK]suffix and [SEP]tail and head[CLS]",
    # prose
    "The quick brown fox jumps over the lazy dog.",
    "Don't you think it's 5 o'clock somewhere? \"Yes,\" she said — twice…",
    "Numbers like 1,234,567.89 and dates 2024-02-29T12:34:56Z should split.",
    # Unicode
    "Crème brûlée à la française — naïve café résumé",
    "İstanbul ıi ŞşĞğ Ærøskøbing Straße ǅemal Ǆ ǆ",
    "ΣΊΣΥΦΟΣ σίσυφος Ὀδυσσεύς — ΑΒΓ αβγ ς",
    "Привет, мир! Ёжик в тумане. Україна ґ",
    "مرحبا بالعالم — שלום עולם — नमस्ते दुनिया — สวัสดีชาวโลก",
    "日本語のテキストと English mixed 中文 한국어 텍스트 カタカナ ﾊﾝｶｸ",
    "𠀀𠀁 𪜀 𫝀 𫠠 𬺰 丽 兀 ⺀ ⼀ 〇 々",
    "Emoji 😀👍🏽 👨‍👩‍👧‍👦 🇯🇵 ❤️ ✈︎ 1️⃣ and symbols ∑∫√ ≤ ≥ ≠ ∞ ℃ ℉",
    "ﬁne ﬂow ﬀ Ⅻ ² ³ ½ ① ⒜ Ｆｕｌｌｗｉｄｔｈ １２３ ＡＢＣ",
    "Kelvin K Ångström Å Ohm Ω micro µ",
    "e\u0301 a\u0300\u0301\u0302 n\u0303 combining\u0327 marks\u20dd",
    "zero\u200bwidth\u200cjoiner\u200dmark\ufeffbom\u2060word \u00adsoft\u00adhyphen",
    "rtl\u200f\u202eoverride\u202c\u2066isolate\u2069",
    "tabs\tand\nnewlines\r\nand\u000bvtab\u000cff\u0085nel\u2028ls\u2029ps",
    "nbsp\u00a0thin\u2009hair\u200aideo\u3000en\u2002em\u2003 ogham\u1680x",
    "NUL\u0000inside and \ufffd replacement and \x7f del and \x1b[31mansi",
    "private \ue000\uf8ff plane15 \U000F0000 tags \U000E0041\U000E007F",
    "\u0600\u0601 arabic number sign, \u06dd end of ayah, \u070f syriac",
    "Hangul jamo \u1100\u1161\u11a8 vs syllable \uac01; compat \u3131\u314f",
    "Devanagari क्षत्रिय with virama and nukta क़",
    "Thai ภาษาไทย with tone marks ่ ้ ๊ ๋",
    "musical 𝄞 math 𝐀𝐁𝐂 𝔸 𝕏 fraktur 𝔉",
    "",
    " ",
    "\t\n\r ",
    "\u200b\u200b",
    "[SEP]",
    "a" * 100,
    "a" * 101,
    "ab" * 60,
    "é" * 101,
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "xqzvkjw qqqqqqqqqqqqqq zzzzzzzzzzzzzzzzzzzzzz",
    "!!!???...---___===+++***&&&|||",
    "(((((((((())))))))))[[[[]]]]{{{}}}",
    "word " * 300,
    "日" * 300,
    "a-" * 200,
    # Marks right after the places where long input is cut for normalization (~1024 scalars).
    "internationalization " * 49 + "\u0301a. \u0301b\u0327c " + "café\u0301 naïve, " * 40,
    "x" * 1030 + " \u0301y",
]


def random_cases(count, seed=20240601):
    rng = random.Random(seed)
    pools = [
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        " \t\n",
        "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
        "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿĀāĂăĄąĆćŒœŠšŸŽžƒ",
        "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΣΩάέήίόύώϊϋΐΰ",
        "абвгдежзийклмнопрстуфхцчшщъыьэюяЁё",
        "日本語中文字漢字テストひらがなカタカナ한국어",
        "😀😁😂🤣😃😄👍🏻👍🏿🎉🚀✨🔥",
        "\u0300\u0301\u0302\u0308\u0327\u200b\u200d\ufeff\u00ad",
        "∑∫√≤≥≠∞±×÷€£¥©®™§¶•…‰′″‹›«»“”‘’–—",
    ]
    cases = []
    for _ in range(count):
        length = rng.randint(1, 80)
        text = "".join(rng.choice(rng.choice(pools)) for _ in range(length))
        cases.append(text)
    return cases


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    tokenizer = Tokenizer.from_file(os.path.join(sys.argv[1], "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(256)
    texts = HANDWRITTEN + random_cases(300)
    cases = [{"text": t, "ids": tokenizer.encode(t).ids} for t in texts]
    with open(os.path.join(HERE, "tokenizer-cases.json"), "w") as f:
        json.dump({"generator": f"tokenizers {tokenizers.__version__}", "maxSequenceLength": 256,
                   "cases": cases}, f, ensure_ascii=True, indent=0)

    tokenizer.no_truncation()
    firsts = list(range(0, 0x110000, PROBE_BLOCK))
    encodings = tokenizer.encode_batch([probe_text(first) for first in firsts])
    blocks = [fnv1a(e.ids) for e in encodings]
    with open(os.path.join(HERE, "unicode-probe.json"), "w") as f:
        json.dump({"generator": f"tokenizers {tokenizers.__version__}", "blockSize": PROBE_BLOCK,
                   "digests": blocks}, f, indent=0)
    print(f"wrote {len(cases)} cases and {len(blocks)} probe blocks")


if __name__ == "__main__":
    main()
