"""Festivals a plan dates by (春节前, 国庆节前, 元旦至3月底): each one's day in a given year.

Fixed-day festivals are days of the solar calendar; 清明 is a solar term, read from chinese-calendar
(already a dependency for working days); 春节, 端午 and 中秋 follow the lunar calendar and are read
from the table below (1949–2100, the supported dates).
"""

from __future__ import annotations

import datetime
import functools

from campaignflow.daterange import FIRST_YEAR, LAST_YEAR  # the lunar table covers them

__all__ = ["NAMES", "day_of"]

_FIXED = {
    "元旦": (1, 1), "五一": (5, 1), "劳动节": (5, 1), "五一劳动节": (5, 1), "五一节": (5, 1),
    "七一": (7, 1), "建党节": (7, 1), "八一": (8, 1), "建军节": (8, 1), "国庆": (10, 1), "国庆节": (10, 1),
}  # fmt: skip
_LUNAR = {"春节": 0, "端午": 1, "端午节": 1, "中秋": 2, "中秋节": 2}  # the column of _TABLE
_SOLAR_TERMS = ("清明", "清明节")

#: Every name read as a festival, longest first (as a regular expression's alternatives want them).
NAMES: tuple[str, ...] = tuple(sorted((*_FIXED, *_LUNAR, *_SOLAR_TERMS), key=len, reverse=True))

# Year, then the MMDD of 春节 (正月初一), 端午 (五月初五) and 中秋 (八月十五). Written out from the
# zhdate and lunardate libraries, which agree on every year but 1978's 中秋: 09-17 here, as the new
# moon that began the eighth month fell on 1978-09-03 at 00:08 Beijing time.
_TABLE = """
    1949 0129 0601 1006   1950 0217 0619 0926   1951 0206 0609 0915   1952 0127 0528 1003
    1953 0214 0615 0922   1954 0203 0605 0911   1955 0124 0624 0930   1956 0212 0613 0919
    1957 0131 0602 0908   1958 0218 0621 0927   1959 0208 0610 0917   1960 0128 0529 1005
    1961 0215 0617 0924   1962 0205 0606 0913   1963 0125 0625 1002   1964 0213 0614 0920
    1965 0202 0604 0910   1966 0121 0623 0929   1967 0209 0612 0918   1968 0130 0531 1006
    1969 0217 0619 0926   1970 0206 0608 0915   1971 0127 0528 1003   1972 0215 0615 0922
    1973 0203 0605 0911   1974 0123 0624 0930   1975 0211 0614 0920   1976 0131 0602 0908
    1977 0218 0621 0927   1978 0207 0610 0917   1979 0128 0530 1005   1980 0216 0617 0923
    1981 0205 0606 0912   1982 0125 0625 1001   1983 0213 0615 0921   1984 0202 0604 0910
    1985 0220 0622 0929   1986 0209 0611 0918   1987 0129 0531 1007   1988 0217 0618 0925
    1989 0206 0608 0914   1990 0127 0528 1003   1991 0215 0616 0922   1992 0204 0605 0911
    1993 0123 0624 0930   1994 0210 0613 0920   1995 0131 0602 0909   1996 0219 0620 0927
    1997 0207 0609 0916   1998 0128 0530 1005   1999 0216 0618 0924   2000 0205 0606 0912
    2001 0124 0625 1001   2002 0212 0615 0921   2003 0201 0604 0911   2004 0122 0622 0928
    2005 0209 0611 0918   2006 0129 0531 1006   2007 0218 0619 0925   2008 0207 0608 0914
    2009 0126 0528 1003   2010 0214 0616 0922   2011 0203 0606 0912   2012 0123 0623 0930
    2013 0210 0612 0919   2014 0131 0602 0908   2015 0219 0620 0927   2016 0208 0609 0915
    2017 0128 0530 1004   2018 0216 0618 0924   2019 0205 0607 0913   2020 0125 0625 1001
    2021 0212 0614 0921   2022 0201 0603 0910   2023 0122 0622 0929   2024 0210 0610 0917
    2025 0129 0531 1006   2026 0217 0619 0925   2027 0206 0609 0915   2028 0126 0528 1003
    2029 0213 0616 0922   2030 0203 0605 0912   2031 0123 0624 1001   2032 0211 0612 0919
    2033 0131 0601 0908   2034 0219 0620 0927   2035 0208 0610 0916   2036 0128 0530 1004
    2037 0215 0618 0924   2038 0204 0607 0913   2039 0124 0527 1002   2040 0212 0614 0920
    2041 0201 0603 0910   2042 0122 0622 0928   2043 0210 0611 0917   2044 0130 0531 1005
    2045 0217 0619 0925   2046 0206 0608 0915   2047 0126 0529 1004   2048 0214 0615 0922
    2049 0202 0604 0911   2050 0123 0623 0930   2051 0211 0613 0919   2052 0201 0601 0907
    2053 0219 0620 0926   2054 0208 0610 0916   2055 0128 0530 1005   2056 0215 0617 0924
    2057 0204 0606 0913   2058 0124 0625 1002   2059 0212 0614 0921   2060 0202 0603 0909
    2061 0121 0622 0928   2062 0209 0611 0917   2063 0129 0601 1006   2064 0217 0619 0925
    2065 0205 0608 0915   2066 0126 0528 1003   2067 0214 0616 0923   2068 0203 0604 0911
    2069 0123 0623 0929   2070 0211 0613 0919   2071 0131 0602 0908   2072 0219 0620 0926
    2073 0207 0610 0916   2074 0127 0530 1005   2075 0215 0617 0924   2076 0205 0606 0912
    2077 0124 0624 1001   2078 0212 0614 0920   2079 0202 0604 0910   2080 0122 0622 0928
    2081 0209 0611 0917   2082 0129 0601 1006   2083 0217 0619 0926   2084 0206 0607 0914
    2085 0126 0527 1003   2086 0214 0615 0922   2087 0203 0605 0911   2088 0124 0623 0929
    2089 0210 0613 0918   2090 0130 0602 0908   2091 0218 0621 0927   2092 0207 0609 0916
    2093 0127 0529 1005   2094 0215 0617 0924   2095 0205 0606 0913   2096 0125 0624 0930
    2097 0212 0614 0920   2098 0201 0604 0909   2099 0121 0623 0929   2100 0209 0612 0918
"""


@functools.cache
def _lunar_days() -> dict[int, tuple[str, ...]]:
    words = _TABLE.split()
    return {int(words[i]): tuple(words[i + 1 : i + 4]) for i in range(0, len(words), 4)}


def day_of(name: str, year: int) -> datetime.date:
    """The day festival ``name`` falls on in ``year``; ValueError for a year the tables do not cover."""
    if name in _FIXED:
        return datetime.date(year, *_FIXED[name])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"{name} is known for {FIRST_YEAR}–{LAST_YEAR} only")
    if name in _SOLAR_TERMS:
        return _qingming(year)
    mmdd = _lunar_days()[year][_LUNAR[name]]
    return datetime.date(year, int(mmdd[:2]), int(mmdd[2:]))


def _qingming(year: int) -> datetime.date:
    import chinese_calendar  # noqa: PLC0415 - ~10 ms to load, for the rare phrase that names 清明

    terms: list[tuple[datetime.date, str]] = chinese_calendar.get_solar_terms(
        datetime.date(year, 4, 1), datetime.date(year, 4, 10)
    )
    return next(day for day, term in terms if term == "清明")
