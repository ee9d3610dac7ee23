#!/usr/bin/env python3
"""Writes a contacts CSV for import benchmarks and tests: N rows, unique identifier/email/phone, a few
labels and custom attribute columns. Deterministic for a given N and seed.

Usage: python3 bench/gen_contacts_csv.py ROWS OUT.csv [--seed S] [--invalid-every K]
  --invalid-every K  make every K-th row invalid (a malformed email) to exercise the failed-rows path
"""
import argparse
import random

FIRST = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sofia", "Lucas", "Mia", "Ethan", "Amara", "Kenji",
         "Priya", "Jonas", "Chloé", "Diego", "Fatima", "Hugo", "Ingrid", "Tariq", "Yuki", "Zoe", "Björn", "Leila"]
LAST = ["Smith", "García", "Müller", "Rossi", "Tanaka", "Okafor", "Novak", "Silva", "Dubois", "Kowalski",
        "Nguyen", "Andersson", "O'Brien", "Haddad", "Patel", "Moreau"]
CITIES = ["Berlin", "Lisbon", "Austin", "Osaka", "Lagos", "Toronto", "Lyon", "Melbourne"]
COMPANIES = ["Northwind", "Initech", "Umbrella Health", "Hooli", "Stark Logistics", "Wayne Foods", ""]
PLANS = ["free", "starter", "pro", "enterprise"]
LABELS = ["vip", "lead", "customer", "churn-risk", "partner"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rows", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--invalid-every", type=int, default=0)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    # Ids are shuffled so index inserts land all over the b-trees, as real data does.
    order = list(range(a.rows))
    rng.shuffle(order)
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        f.write("identifier,email,phone_number,name,company,city,labels,plan,seats\n")
        lines = []
        for n, i in enumerate(order):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            email = f"{first.lower()}.{i}@example.com"
            if a.invalid_every and n % a.invalid_every == a.invalid_every - 1:
                email = f"broken-{i}"
            label = LABELS[i % len(LABELS)] if i % 3 == 0 else ""
            lines.append(f"ext-{i},{email},1555{i:07d},{first} {last.replace(chr(39), '')},"
                         f"{COMPANIES[i % len(COMPANIES)]},{CITIES[i % len(CITIES)]},{label},"
                         f"{PLANS[i % len(PLANS)]},{i % 50}\n")
            if len(lines) >= 10000:
                f.writelines(lines)
                lines.clear()
        f.writelines(lines)


if __name__ == "__main__":
    main()
