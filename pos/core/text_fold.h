#pragma once
// Folding text for accent-insensitive search. Cashiers type Vietnamese with,
// without or with only some of the diacritics ("banh keo", "bánh kẹo",
// "bánh keo"), keyboards and pasted text deliver either precomposed (NFC) or
// decomposed (NFD) letters, and catalogs arrive with stray punctuation. All of
// them must meet in one plain form, so the index and the query are both folded
// by the same function.
#include <string>
#include <string_view>
#include <vector>

namespace ocop {

// The searchable form of UTF-8 text:
// - every Latin letter loses its tone and vowel marks and is lowercased
//   ("Bánh kẹo lạc Xuân Đỉnh" -> "banh keo lac xuan dinh"); đ/Đ become d;
//   a few ligatures spell out ("æ" -> "ae", "ß" -> "ss");
// - combining marks (U+0300-U+036F and the other combining blocks) and
//   invisible format characters (soft hyphen, zero-width joiners, BOM,
//   variation selectors) are dropped, so NFD input folds like NFC;
// - ASCII and Unicode punctuation, symbols, spaces and controls separate
//   words; separators collapse to one ASCII space, none at either end;
// - fullwidth ASCII (U+FF01-U+FF5E) folds like ASCII;
// - letters of other scripts are kept unchanged (no case folding);
// - bytes that are not well-formed UTF-8 (stray continuation bytes, truncated
//   or overlong sequences, surrogates) are skipped.
// The result is ASCII letters and digits for any Vietnamese or English text.
std::string foldForSearch(std::string_view utf8);

// The words of foldForSearch(utf8), in order.
std::vector<std::string> searchTokens(std::string_view utf8);

} // namespace ocop
