#pragma once
// Type-ahead product search for the terminal: every keystroke runs a query
// against the whole catalog (up to 100,000 products), so the index answers
// from memory in well under a millisecond, accent-insensitively (see
// text_fold.h), and also finds products by shop code and GTIN.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocop {

// What the index needs to know about one product. The index refers to
// entries by their position in the vector given to build().
struct SearchEntry {
    std::string code;   // shop code, e.g. "OCOP-00012"
    std::string gtin;   // empty or the barcode digits (GTIN-8/12/13/14)
    std::string name;   // Vietnamese name
    std::string nameEn; // optional English name
    int stars = 3;
    bool active = true; // inactive products are indexed by position only: never found
};

namespace search_detail {

// Many short strings in one buffer, addressed by position: one allocation
// instead of one per string, and sequential memory when scanned in order.
class PackedStrings {
public:
    void reserve(std::size_t strings, std::size_t chars);
    void push(std::string_view s);
    std::string_view operator[](std::size_t i) const
    {
        return std::string_view(m_chars).substr(m_offsets[i], m_offsets[i + 1] - m_offsets[i]);
    }
    std::size_t size() const { return m_offsets.size() - 1; }
    void shrinkToFit();
    std::size_t memoryUsage() const;

private:
    std::string m_chars;
    std::vector<std::uint32_t> m_offsets{0};
};

// A query's working state, private to search_index.cpp.
struct ParsedQuery;
struct TokenRange;
struct QueryState;

} // namespace search_detail

// Matching. The query is folded (foldForSearch) into tokens; a product
// matches when any of these holds:
//  - name: every token is a prefix of some word of its folded name or English
//    name, in any order ("banh", "BANH K", "keo banh" all match "Bánh kẹo lạc
//    Xuân Đỉnh"); two tokens may match the same word;
//  - code: the query, folded and without separators, equals the code folded
//    the same way ("ocop-00012", "OCOP 00012" -> "OCOP-00012"); a query with
//    a digit in it also matches codes it is a prefix of ("ocop-0001");
//  - code number (digit-only queries, separators ignored): the query is a
//    prefix of the last run of digits in the code ("0001" -> "OCOP-00012"),
//    or equals it as a number ("12", "00012" -> "OCOP-00012");
//  - GTIN (digit-only queries): equal to the GTIN, also across GTIN-13/14
//    zero-padding when both are valid GTINs; a prefix of it; or, from three
//    digits on, anywhere inside it (the tail of a damaged barcode label).
//    Shorter digit strings occur inside nearly every GTIN and would only bury
//    the results the cashier is after.
// Inactive products never match. A query with no word characters (empty,
// spaces, punctuation) matches nothing; words of a query past the 32nd are
// ignored.
//
// Ranking, first difference decides:
//  1. exact code or GTIN match (code, code number or GTIN equal as above);
//  2. name matches, then code prefix, then GTIN prefix, then GTIN infix;
//  3. the first word of the name (or English name) matches the first token;
//  4. the tokens match consecutive words in query order ("keo lac" ranks
//     "Kẹo lạc Xuân Đỉnh" above "Kẹo dừa lạc"); a single token always does;
//  5. more tokens equal a whole word rather than a mere prefix of one
//     ("tra" ranks "Trà xanh" above "Tranh thêu");
//  6. more OCOP stars;
//  7. shorter folded name;
//  8. folded name in byte (alphabetical) order;
//  9. position in the entry vector.
// Criteria 3-5 only separate name matches: an entry found by its code or
// GTIN alone fails them. The order is total, so results are deterministic.
//
// How it stays fast at 100,000 products (build about a quarter of a second,
// about 21 MB; a one-letter query matching most of the catalog a few tenths
// of a millisecond, a typical multi-word query tens of microseconds):
//  - the folded words of all names form a sorted dictionary, so the words a
//    token is a prefix of are one id range, found by binary search, and their
//    posting lists are one contiguous slice of a single array;
//  - tokens are intersected rarest first, with a per-entry counter fed by
//    those slices; once few entries are left, their own word ids are checked
//    instead of reading the next, longer slice;
//  - criteria 3 and 5 come from posting lists as well (first words, exact
//    words); code and GTIN matches from sorted tables and a digit-trigram
//    index;
//  - a bounded heap keeps the best `limit`, and an entry's words are read
//    for criterion 4 only when it would otherwise make the cut.
// The index keeps no copy of the entries beyond these compact keys.
//
// build() is not thread-safe; search() and findByCode() are const and keep no
// state, so several threads may query one built index at once.
class ProductSearchIndex {
public:
    ProductSearchIndex() = default;
    explicit ProductSearchIndex(std::vector<SearchEntry> entries) { build(std::move(entries)); }

    // Replaces the whole index. Throws std::length_error when entries,
    // distinct words or key characters pass four billion (no catalog does).
    void build(std::vector<SearchEntry> entries);

    // Positions of the best `limit` matches, best first (see above).
    std::vector<std::size_t> search(std::string_view query, std::size_t limit = 50) const;

    // The active product a scanned or typed code names: its shop code
    // (ASCII case-insensitive, surrounding whitespace ignored), else its exact
    // GTIN, else the same valid GTIN zero-padded to another length (a GTIN-13
    // scanned for a stored GTIN-14 and vice versa). The lowest position wins
    // when several products share the key. Inactive products are not found:
    // the catalog, not the index, says whether a code was ever known.
    std::optional<std::size_t> findByCode(std::string_view codeOrGtin) const;

    // Number of entries given to build(), active or not.
    std::size_t size() const { return m_size; }

    // Approximate heap bytes the index holds, for benchmarks and diagnostics.
    std::size_t memoryUsage() const;

private:
    using PackedStrings = search_detail::PackedStrings;

    // The steps of search(), each recording what it learns in `state`.
    void markNameMatches(const std::vector<search_detail::TokenRange>& tokens, search_detail::QueryState& state) const;
    void markCodeAndGtinMatches(const search_detail::ParsedQuery& query, search_detail::QueryState& state) const;
    // GTINs holding `digits` (three or more) past their first digit.
    void markGtinInfixes(std::string_view digits, search_detail::QueryState& state) const;
    std::vector<std::size_t> bestMatches(const std::vector<search_detail::TokenRange>& tokens,
                                         search_detail::QueryState& state, std::size_t limit) const;

    std::size_t m_size = 0;

    // Every distinct word of the active names (Vietnamese and English),
    // sorted, so the words a token is a prefix of form one id range.
    PackedStrings m_words;
    // Posting lists in one array: the entries containing word w are
    // m_postings[m_postingStart[w] .. m_postingStart[w + 1]), ascending. A
    // range of words is thus one contiguous slice, and its size is known
    // without reading it.
    std::vector<std::uint32_t> m_postingStart;
    std::vector<std::uint32_t> m_postings;
    // The same, listing an entry under the first word of its name and of its
    // English name only (ranking criterion 3 for one-token queries).
    std::vector<std::uint32_t> m_firstWordStart;
    std::vector<std::uint32_t> m_firstWordPostings;
    // Each entry's word ids in name order, then kFieldBreak and the English
    // name's, if any: m_entryWords[m_entryWordStart[e] .. m_entryWordStart[e + 1]).
    std::vector<std::uint32_t> m_entryWordStart;
    std::vector<std::uint32_t> m_entryWords;
    // Position of each entry in the order of ranking criteria 6-9, which do
    // not depend on the query, and its inverse.
    std::vector<std::uint32_t> m_staticRank;
    std::vector<std::uint32_t> m_entryByRank;

    // Per-entry keys, empty for inactive entries.
    PackedStrings m_codeLower;  // ASCII-lowercased code, for findByCode
    PackedStrings m_codeKey;    // folded code without separators: "ocop00012"
    PackedStrings m_codeNumber; // last run of digits in the code: "00012"
    PackedStrings m_gtin;       // GTIN as given, whitespace trimmed
    // For each three-digit string (0-999), the entries whose GTIN holds it
    // past the first digit, ascending: infix queries check only the entries
    // listed under their rarest trigram. A plain scan of all GTINs would cost
    // most of a millisecond per keystroke at 100,000 products, and in Vietnam
    // every GTIN starts with 893, so a scan would also wade through prefix
    // hits, which m_byGtin already finds.
    std::vector<std::uint32_t> m_trigramStart; // 1001 entries
    std::vector<std::uint32_t> m_trigramPostings;
    // Active entries sorted by a key (then position), for equal and prefix
    // ranges by binary search.
    std::vector<std::uint32_t> m_byCodeLower;
    std::vector<std::uint32_t> m_byCodeKey;
    std::vector<std::uint32_t> m_byCodeNumber;      // by the digits
    std::vector<std::uint32_t> m_byCodeNumberValue; // by the digits without leading zeros
    std::vector<std::uint32_t> m_byGtin;
    std::vector<std::uint32_t> m_byGtinValue; // by the digits without leading zeros
};

} // namespace ocop
