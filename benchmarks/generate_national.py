"""Make a synthetic national tsp repository: every English LA's worth of authorities, and
thousands of packages over many programme years, all valid.

    python benchmarks/generate_national.py OUTDIR [--packages 10000] [--authorities 153]
                                                   [--years 10] [--seed 1]

The 19 real South East authorities are copied from this checkout (so `tsp list --la Reading`
means the same there); the rest get made-up names and codes that are unique across the set.
Package files are the size of the real ones (about 1.2 KB, with a summary and notes), and
every reference, date and id is valid, so `tsp validate` on the result is clean.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

STEMS = ["Ash", "Bar", "Bel", "Brad", "Carr", "Chal", "Dun", "Elm", "Fen", "Glen", "Gran",
         "Hart", "Holm", "Kel", "Lang", "Mar", "Nor", "Oak", "Pen", "Ray", "Ros", "Stan",
         "Thorn", "Wal", "Wey", "Wil"]
ENDINGS = ["ford", "ley", "ton", "shire", "wick", "bury", "ham", "field", "mouth", "dale",
           "stead", "worth"]
TYPES = ["unitary", "county", "metropolitan-district", "london-borough"]
STATUSES = ["interest", "scoping", "agreed", "in-delivery", "delivered", "closed", "withdrawn"]
AREAS = ["send", "childrens-social-care"]
KINDS = ["diagnostic", "process-mapping", "mapping", "workshop", "peer-review",
         "coaching-mentoring", "co-delivery", "review", "collaboration", "sharing-learning",
         "intelligence-sharing"]
THEMES = ["annual-reviews", "ehcp-timeliness", "ordinarily-available-provision", "complaints",
          "coproduction", "workforce", "commissioning", "alternative-provision", "quality-assurance",
          "transitions", "early-help", "thresholds", "family-help", "leadership", "data"]
WORDS = ("review process mapping practice partners families schools settings provision "
         "assessment quality assurance timeliness leadership workforce commissioning plans "
         "improvement sequencing evidence outcomes children young people").split()


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def folded(text: str, indent: str = "  ", width: int = 92) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(indent + line)
    return "\n".join(lines)


def synthetic_authorities(count: int, taken_names: set[str], taken_codes: set[str],
                          rng: random.Random) -> list[dict[str, str]]:
    names = [s + e for s in STEMS for e in ENDINGS]
    rng.shuffle(names)
    out: list[dict[str, str]] = []
    dfe_numbers = [n for n in range(300, 999) if str(n) not in taken_codes]
    rng.shuffle(dfe_numbers)
    for name in names:
        if len(out) == count:
            break
        slug = name.lower()
        register = (name[:2] + name[-1]).upper()
        if name.lower() in taken_names or register in taken_codes:
            continue
        taken_names.add(name.lower())
        taken_codes.add(register)
        number = len(out) + 1
        out.append({"id": slug, "name": name, "gss": f"E0{7 + number // 1000}{number % 1000:06d}",
                    "dfe": str(dfe_numbers[number]), "type": rng.choice(TYPES),
                    "register": register})
    if len(out) < count:
        sys.exit(f"generate_national: can make at most {len(out)} synthetic authorities")
    return out


def write_authority(folder: Path, a: dict[str, str]) -> None:
    (folder / f"{a['id']}.yaml").write_text(
        "# A synthetic authority made by benchmarks/generate_national.py\n"
        f"id: {a['id']}\nname: {a['name']}\ngss_code: {a['gss']}\n"
        f"dfe_la_code: \"{a['dfe']}\"\ntype: {a['type']}\nregion: Synthetic\n"
        f"register_code: {a['register']}\n", encoding="utf-8")


def write_year(folder: Path, index: int, authority_ids: list[str], rng: random.Random) -> str:
    start = 2025 + index
    year_id = f"{start}-{(start + 1) % 100:02d}"
    lenders = sorted(rng.sample(authority_ids, 4))
    body = [f"id: {year_id}", f"label: Year {index + 1}",
            f"title: \"Year {index + 1} ({year_id})\"",
            "sme_lending_authorities:", *[f"  - {a}" for a in lenders],
            "learning_themes:"]
    for _ in range(4):
        body += [f"  - title: {sentence(rng, 4)}", f"    text: {sentence(rng, 18)}"]
    body += ["limitations:", *[f"  - {sentence(rng, 30)}" for _ in range(4)], "quotes:"]
    for q in range(3):
        body += [f"  - id: q{q + 1}", f"    text: {quoted(sentence(rng, 40))}",
                 "    publish: true", f"    authorities: [{rng.choice(authority_ids)}]"]
    (folder / f"{year_id}.yaml").write_text("\n".join(body) + "\n", encoding="utf-8")
    (folder / f"{year_id}.md").write_text(
        f"# Year {index + 1}\n\n{sentence(rng, 60)}\n\n## Context\n\n{sentence(rng, 80)}\n",
        encoding="utf-8")
    return year_id


def write_package(folder: Path, number: int, year_id: str, authority_ids: list[str],
                  rng: random.Random) -> None:
    recipient = rng.choice(authority_ids)
    theme = rng.choice(THEMES)
    package_id = f"{recipient}-{theme}-{number}"
    others = [a for a in rng.sample(authority_ids, 6) if a != recipient]
    status = rng.choice(STATUSES)
    start = int(year_id[:4])
    month = rng.randint(4, 12)
    body = [
        "# A synthetic package made by benchmarks/generate_national.py",
        f"id: {package_id}",
        f"title: {sentence(rng, rng.randint(4, 9))[:-1]}",
        f"year: {year_id}",
        f"status: {status}",
        "areas:", *[f"  - {a}" for a in rng.sample(AREAS, rng.randint(1, 2))],
        "recipients:", f"  - {recipient}",
    ]
    partners = others[: rng.randint(0, 2)]
    lenders = others[2: 2 + rng.randint(0, 2)]
    if partners:
        body += ["partners:", *[f"  - {a}" for a in partners]]
    if lenders:
        body += ["sme_lenders:", *[f"  - {a}" for a in lenders]]
    body += ["kinds:", *[f"  - {k}" for k in rng.sample(KINDS, rng.randint(1, 3))],
             "themes:", f"  - {theme}",
             f"summary: {quoted(sentence(rng, rng.randint(25, 45)))}",
             f"starts: {start}-{month:02d}",
             f"ends: {start + 1}-{rng.randint(1, 3):02d}"]
    if status in ("delivered", "closed"):
        body += ["status_history:",
                 f"  - status: agreed\n    on: {start}-{month:02d}-01",
                 f"  - status: {status}\n    on: {start + 1}-03-31"]
    body += ["outputs:", f"  - {sentence(rng, 10)}",
             "source: Synthetic",
             "notes: >-", folded(sentence(rng, rng.randint(30, 60)))]
    (folder / f"{package_id}.yaml").write_text("\n".join(body) + "\n", encoding="utf-8")


def generate(out: Path, packages: int, authorities: int, years: int, seed: int,
             real_from: Path = ROOT / "data" / "authorities") -> None:
    """Write the register to out; the first authorities are copies of real_from's."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("authorities", "packages", "years"):
        (out / "data" / folder).mkdir(parents=True)
    real = sorted(real_from.glob("*.yaml"))[:authorities]
    for path in real:
        shutil.copy(path, out / "data" / "authorities" / path.name)
    taken_names = {p.stem.replace("-", " ") for p in real}
    taken_codes = set()
    for path in real:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("register_code:", "dfe_la_code:")):
                taken_codes.add(line.split(":", 1)[1].strip().strip('"'))
    made = synthetic_authorities(authorities - len(real), taken_names, taken_codes, rng)
    for a in made:
        write_authority(out / "data" / "authorities", a)
    authority_ids = sorted([p.stem for p in real] + [a["id"] for a in made])
    year_ids = [write_year(out / "data" / "years", i, authority_ids, rng) for i in range(years)]
    for number in range(1, packages + 1):
        write_package(out / "data" / "packages", number, rng.choice(year_ids), authority_ids,
                      rng)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path, help="where to write the repository "
                        "(replaced if it exists)")
    parser.add_argument("--packages", type=int, default=10_000)
    parser.add_argument("--authorities", type=int, default=153)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    generate(args.outdir, args.packages, args.authorities, args.years, args.seed)
    print(f"wrote {args.outdir}: {args.authorities} authorities, {args.packages} packages, "
          f"{args.years} programme years")
    return 0


if __name__ == "__main__":
    sys.exit(main())
