"""Prints the row counts of this project's tables: `records N` and `ticks N`.

usage: python3 -m order.stats
"""
from . import db


def main():
    for table in ("records", "ticks"):
        print(f"{table} {db.count(table)}")


if __name__ == "__main__":
    main()
