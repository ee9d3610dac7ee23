#!/usr/bin/env python3
"""Writes a fixture with N realistic contacts in account 1, for benchmarks.

    python3 bench/gen_fixture.py 1000000 > bench/data/contacts-1m.json

Deterministic (seeded). Contacts get names, unique emails/phones, identifiers for half of them, cities,
companies, 0-2 labels, typed custom attributes (plan, seats, mrr, signup_date, newsletter,
account_manager, region) and created/last-activity dates spread over three years. About 8% are
anonymous visitors (no email, phone or identifier), which Chatwoot's index hides.
Token for requests: bench-token (administrator of account 1).
"""
import json
import random
import sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
rng = random.Random(7)
FIRST = ("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph "
         "Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony Margaret Mark Sandra "
         "Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Dorothy "
         "George Melissa Timothy Deborah Ronald Stephanie Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob "
         "Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda Larry Pamela Justin Emma Scott "
         "Nicole Brandon Helen Benjamin Samantha Samuel Katherine Gregory Christine Alexander Debra Frank Rachel Patrick "
         "Carolyn Raymond Janet Jack Catherine Dennis Maria Jerry Heather Tyler Diane Aaron Ruth Jose Julie Adam Olivia "
         "Nathan Joyce Henry Virginia Douglas Victoria Zachary Kelly Peter Lauren Kyle Christina Ethan Joan Walter "
         "Evelyn Noah Judith Jeremy Megan Christian Andrea Keith Cheryl Roger Hannah Terry Jacqueline Gerald Martha "
         "Harold Gloria Sean Teresa Austin Ann Carl Sara Arthur Madison Lawrence Frances Dylan Kathryn Jesse Janice "
         "Jordan Jean Bryan Abigail Billy Alice Joe Judy Bruce Sophia Gabriel Grace Logan Denise Albert Amber Willie "
         "Doris Alan Marilyn Juan Danielle Wayne Beverly Elijah Isabella Randy Theresa Roy Diana Vincent Natalie Ralph "
         "Brittany Eugene Charlotte Russell Marie Bobby Kayla Mason Alexis Philip Lori").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson "
        "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis "
        "Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera "
        "Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart "
        "Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim "
        "Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo "
        "Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler "
        "Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds "
        "Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford "
        "Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman "
        "Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon "
        "Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice "
        "Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer "
        "Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong "
        "Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards "
        "Contreras Willis Carpenter Lawrence Sandoval").split()
DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "proton.me", "fastmail.com", "acme.io", "mail.de"]
CITIES = [("New York", "USA", "us"), ("London", "United Kingdom", "gb"), ("Berlin", "Germany", "de"),
          ("Paris", "France", "fr"), ("Madrid", "Spain", "es"), ("Toronto", "Canada", "ca"), ("Sydney", "Australia", "au"),
          ("Tokyo", "Japan", "jp"), ("São Paulo", "Brazil", "br"), ("Mumbai", "India", "in"), ("Lagos", "Nigeria", "ng"),
          ("Mexico City", "Mexico", "mx"), ("Amsterdam", "Netherlands", "nl"), ("Stockholm", "Sweden", "se"),
          ("Chicago", "USA", "us"), ("Austin", "USA", "us"), ("Lisbon", "Portugal", "pt"), ("Dublin", "Ireland", "ie")]
COMPANY_A = "Blue Red Green Silver Golden North South East West Bright Rapid Prime Smart Global Urban".split()
COMPANY_B = "Labs Systems Foods Logistics Media Health Capital Works Studio Dynamics Partners Group".split()
LABELS = ["customer", "lead", "vip", "churn-risk", "partner", "newsletter", "beta", "enterprise", "trial", "support"]
LABEL_WEIGHTS = [30, 25, 5, 4, 3, 15, 6, 4, 6, 2]
PLANS = ["free", "starter", "pro", "enterprise"]
MANAGERS = [f"manager{i:03d}" for i in range(200)]
NOW = 1763000000  # mid-Nov 2025
THREE_YEARS = 3 * 365 * 86400

w = sys.stdout.write
w('{"accounts":[{"id":1,"name":"Bench Co"}],')
w('"users":[{"id":1,"name":"Bench Admin","email":"bench@bench.test","access_token":"bench-token",'
  '"accounts":[{"account_id":1,"role":"administrator"}]}],')
w('"inboxes":[{"id":1,"account_id":1,"name":"Web","channel_type":"Channel::WebWidget"},'
  '{"id":2,"account_id":1,"name":"API","channel_type":"Channel::Api","identifier":"bench-api"}],')
w('"labels":' + json.dumps([{"account_id": 1, "title": t} for t in LABELS]) + ',')
defs = [("plan", "list"), ("seats", "number"), ("mrr", "currency"), ("signup_date", "date"),
        ("newsletter", "checkbox"), ("account_manager", "text"), ("region", "list")]
w('"custom_attribute_definitions":' + json.dumps([
    {"account_id": 1, "attribute_model": "contact_attribute", "attribute_key": k, "attribute_display_name": k,
     "attribute_display_type": t} for k, t in defs]) + ',')
w('"contacts":[')
for i in range(N):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    city, country, cc = rng.choice(CITIES)
    c = {"id": i + 1, "account_id": 1, "name": f"{first} {last}"}
    r = rng.random()
    if r >= 0.08:
        c["email"] = f"{first.lower()}.{last.lower()}{i}@{rng.choice(DOMAINS)}"
        if rng.random() < 0.6:
            c["phone_number"] = f"+1{2000000000 + i}"
        if rng.random() < 0.5:
            c["identifier"] = f"cus_{i:08x}"
    add = {"city": city, "country": country, "country_code": cc}
    if rng.random() < 0.7:
        add["company_name"] = f"{rng.choice(COMPANY_A)} {rng.choice(COMPANY_B)}"
    c["additional_attributes"] = add
    created = NOW - rng.randrange(THREE_YEARS)
    custom = {"plan": rng.choice(PLANS), "seats": rng.randrange(1, 500), "account_manager": rng.choice(MANAGERS),
              "region": cc, "newsletter": rng.random() < 0.4,
              "signup_date": __import__("time").strftime("%Y-%m-%d", __import__("time").gmtime(created))}
    if rng.random() < 0.3:
        custom["mrr"] = round(rng.uniform(9, 5000), 2)
    c["custom_attributes"] = custom
    n_labels = rng.choice([0, 1, 1, 2])
    if n_labels:
        c["labels"] = sorted(set(rng.choices(LABELS, LABEL_WEIGHTS, k=n_labels)))
    c["created_at"] = created
    if rng.random() < 0.8:
        c["last_activity_at"] = created + rng.randrange(max(1, NOW - created))
    if i % 5000 == 0:
        c["online"] = True
    w(("," if i else "") + json.dumps(c, ensure_ascii=False, separators=(",", ":")))
w("]}\n")
