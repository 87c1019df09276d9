#include "core/search_index.h"

#include "core/gtin.h"
#include "core/text_fold.h"

#include <algorithm>
#include <array>
#include <functional>
#include <limits>
#include <memory>
#include <numeric>
#include <ranges>
#include <stdexcept>
#include <unordered_map>

namespace ocop {

namespace search_detail {

void PackedStrings::reserve(std::size_t strings, std::size_t chars)
{
    m_offsets.reserve(strings + 1);
    m_chars.reserve(chars);
}

void PackedStrings::push(std::string_view s)
{
    if (m_chars.size() + s.size() >= std::numeric_limits<std::uint32_t>::max())
        throw std::length_error("search index: more than 4 GB of key text");
    m_chars.append(s);
    m_offsets.push_back(static_cast<std::uint32_t>(m_chars.size()));
}

void PackedStrings::shrinkToFit()
{
    m_chars.shrink_to_fit();
    m_offsets.shrink_to_fit();
}

std::size_t PackedStrings::memoryUsage() const
{
    return m_chars.capacity() + m_offsets.capacity() * sizeof(std::uint32_t);
}

} // namespace search_detail

namespace {

using EntryId = std::uint32_t;
using WordId = std::uint32_t;

// Separates the Vietnamese from the English name in an entry's word ids; no
// token range contains it, so no match or phrase spans the two names.
constexpr WordId kFieldBreak = std::numeric_limits<WordId>::max();
// Stands for "no such word" where a word id is expected; above every real id
// (see kMaxCount) and unequal to kFieldBreak, so comparing with it is false.
constexpr WordId kNoWord = kFieldBreak - 1;
constexpr std::size_t kMaxCount = kNoWord - 1;
constexpr std::size_t kMinGtinInfixDigits = 3;
constexpr std::size_t kTrigramCount = 1000;

// Words of a query past this many are ignored: nobody types more at a till,
// and it bounds the per-entry counters of a query to a byte.
constexpr std::size_t kMaxQueryTokens = 32;
// The partial-token count given to entries whose name does not match: worse
// than any name match, and within the six bits the rank key has for it.
constexpr std::size_t kUnmatchedPartialTokens = kMaxQueryTokens + 1;
static_assert(kUnmatchedPartialTokens < 64);

// Ranking criteria 1-2 as numbers, lower is better.
enum Tier : std::uint8_t {
    kExact = 0,
    kName = 1,
    kCodePrefix = 2,
    kGtinPrefix = 3,
    kGtinInfix = 4,
    kNoMatch = 7,
};
constexpr std::uint8_t kTierMask = 0x07;
// In QueryState::flags next to the tier: the first query token is a prefix of
// the first word of the entry's name or English name.
constexpr std::uint8_t kFirstWordHit = 0x08;
// In QueryState::flags: the entry was ranked, so a duplicate in the candidate
// list is skipped.
constexpr std::uint8_t kSeen = 0x10;

std::uint32_t checkedCount(std::size_t n, const char* what)
{
    if (n > kMaxCount)
        throw std::length_error(std::string("search index: too many ") + what);
    return static_cast<std::uint32_t>(n);
}

bool isAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trimAsciiSpace(std::string_view s)
{
    while (!s.empty() && isAsciiSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isAsciiSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

std::string asciiLower(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Three digits as a number 0-999, or nullopt when they are not all digits.
std::optional<std::uint32_t> digitTrigram(std::string_view s, std::size_t at)
{
    if (!isDigit(s[at]) || !isDigit(s[at + 1]) || !isDigit(s[at + 2]))
        return std::nullopt;
    return static_cast<std::uint32_t>((s[at] - '0') * 100 + (s[at + 1] - '0') * 10 + (s[at + 2] - '0'));
}

// Folded text with its word separators removed: how codes are compared, so
// "OCOP-00012", "ocop 00012" and "ocop00012" are one key.
std::string compactKey(std::string_view text)
{
    std::string key = foldForSearch(text);
    std::erase(key, ' ');
    return key;
}

// The product number in a shop code: its last run of digits ("00012" in
// "OCOP-00012", "0012" in "HK01-0012").
std::string_view lastDigitRun(std::string_view code)
{
    std::size_t end = code.size();
    while (end > 0 && !isDigit(code[end - 1]))
        --end;
    std::size_t begin = end;
    while (begin > 0 && isDigit(code[begin - 1]))
        --begin;
    return code.substr(begin, end - begin);
}

// "00012" -> "12", "000" -> "0": digit strings compared as numbers.
std::string_view withoutLeadingZeros(std::string_view digits)
{
    while (digits.size() > 1 && digits.front() == '0')
        digits.remove_prefix(1);
    return digits;
}

// The first eight bytes of a key as a big-endian number, zero-padded:
// ordering these numbers orders the keys, except that equal numbers may
// hide a difference further on. Sorting on them first settles most
// comparisons without touching the strings, which at 100,000 keys is most
// of the cost of a build.
std::uint64_t keyPrefix(std::string_view key)
{
    std::uint64_t prefix = 0;
    for (std::size_t i = 0; i < 8; ++i)
        prefix = (prefix << 8) | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0u);
    return prefix;
}

// Sorts entry ids by a string key of the entry, then by id, so the lowest
// id comes first among equal keys.
template <class KeyOf>
void sortByKey(std::vector<EntryId>& ids, KeyOf keyOf)
{
    struct Item {
        std::uint64_t prefix;
        EntryId id;
    };
    std::vector<Item> items;
    items.reserve(ids.size());
    for (EntryId id : ids)
        items.push_back({keyPrefix(keyOf(id)), id});
    std::sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
        if (a.prefix != b.prefix)
            return a.prefix < b.prefix;
        const int c = keyOf(a.id).compare(keyOf(b.id));
        return c < 0 || (c == 0 && a.id < b.id);
    });
    for (std::size_t i = 0; i < items.size(); ++i)
        ids[i] = items[i].id;
}

struct IdRange {
    const EntryId* first = nullptr;
    const EntryId* last = nullptr;
    const EntryId* begin() const { return first; }
    const EntryId* end() const { return last; }
    bool empty() const { return first == last; }
};

template <class KeyOf>
IdRange equalRange(const std::vector<EntryId>& ids, KeyOf keyOf, std::string_view key)
{
    const EntryId* data = ids.data();
    const EntryId* lo = std::partition_point(data, data + ids.size(), [&](EntryId id) { return keyOf(id) < key; });
    const EntryId* hi = std::partition_point(lo, data + ids.size(), [&](EntryId id) { return keyOf(id) == key; });
    return {lo, hi};
}

// Every key that starts with `prefix` sorts at or after it and before any
// key that does not, so they form one run right after the keys below it.
template <class KeyOf>
IdRange prefixRange(const std::vector<EntryId>& ids, KeyOf keyOf, std::string_view prefix)
{
    const EntryId* data = ids.data();
    const EntryId* lo = std::partition_point(data, data + ids.size(), [&](EntryId id) { return keyOf(id) < prefix; });
    const EntryId* hi =
        std::partition_point(lo, data + ids.size(), [&](EntryId id) { return keyOf(id).starts_with(prefix); });
    return {lo, hi};
}

// Posting lists in compressed-row form: the entries listed under key k are
// postings[start[k] .. start[k + 1]), ascending. forEachPosting(visit) must
// call visit(entry, key) for every pair, in ascending entry order, and is
// run twice: once to count, once to fill.
template <class ForEachPosting>
void buildPostingLists(std::size_t keyCount, ForEachPosting forEachPosting, std::vector<std::uint32_t>& start,
                       std::vector<std::uint32_t>& postings)
{
    std::vector<std::uint32_t> next(keyCount + 1, 0);
    std::size_t total = 0;
    forEachPosting([&](EntryId, std::uint32_t key) {
        ++next[key + 1];
        ++total;
    });
    checkedCount(total, "postings"); // before the 32-bit sums below could wrap
    std::partial_sum(next.begin(), next.end(), next.begin());
    start = next;
    postings.resize(next.back());
    forEachPosting([&](EntryId e, std::uint32_t key) { postings[next[key]++] = e; });
}

struct TransparentStringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

} // namespace

// The working types of a query, named in the class's private functions.
namespace search_detail {

struct ParsedQuery {
    std::vector<std::string> tokens;
    std::string key; // the tokens without separators, compared with code keys
    bool hasDigit = false;
    bool digitsOnly = false;
};

// The dictionary words one query token is a prefix of: ids [first, last),
// and the one equal to the token (it sorts first), if any.
struct TokenRange {
    WordId first = 0;
    WordId last = 0;
    WordId exact = kNoWord;

    // One unsigned comparison, no branch; kFieldBreak is never inside.
    bool contains(WordId w) const { return w - first < last - first; }
    bool empty() const { return first == last; }
};

// What one query has learnt about each entry, mostly from posting lists and
// code/GTIN tables rather than the entry's own words: three bytes per entry
// in three arrays (300 KB at 100,000 products), so scattered writes stay in
// cache. Also the entries worth ranking, while they are few.
struct QueryState {
    explicit QueryState(std::size_t entries)
        : flags(entries, kNoMatch), tokensMatched(entries, 0), wholeWords(entries, 0), listLimit(entries / 8)
    {
    }

    std::vector<std::uint8_t> flags;         // best code/GTIN tier, kFirstWordHit, kSeen
    std::vector<std::uint8_t> tokensMatched; // tokens matched, counted in processing order
    std::vector<std::uint8_t> wholeWords;    // of those, tokens equal to a whole word

    // Every entry that may match, possibly twice, unless scanAll: past an
    // eighth of the catalog a sequential pass over all entries is cheaper
    // than jumping along a long list, and the list is dropped.
    std::vector<EntryId> candidates;
    bool scanAll = false;
    std::size_t listLimit;

    void raise(EntryId e, Tier tier)
    {
        std::uint8_t& f = flags[e];
        if ((f & kTierMask) > tier)
            f = static_cast<std::uint8_t>((f & ~kTierMask) | tier);
    }
    // Room for `count` more candidates, or false when that makes too many.
    bool reserveCandidates(std::size_t count)
    {
        if (!scanAll && candidates.size() + count > listLimit) {
            scanAll = true;
            candidates = {};
        }
        return !scanAll;
    }
};

} // namespace search_detail

using search_detail::ParsedQuery;
using search_detail::QueryState;
using search_detail::TokenRange;

namespace {

ParsedQuery parseQuery(std::string_view query)
{
    ParsedQuery q;
    q.tokens = searchTokens(query);
    for (const std::string& t : q.tokens)
        q.key += t;
    q.hasDigit = std::any_of(q.key.begin(), q.key.end(), isDigit);
    q.digitsOnly = !q.key.empty() && std::all_of(q.key.begin(), q.key.end(), isDigit);
    return q;
}

TokenRange wordRange(const search_detail::PackedStrings& words, std::string_view token)
{
    const auto wordCount = static_cast<WordId>(words.size());
    TokenRange range;
    range.first = *std::ranges::partition_point(std::views::iota(WordId{0}, wordCount),
                                                [&](WordId w) { return words[w] < token; });
    range.last = *std::ranges::partition_point(std::views::iota(range.first, wordCount),
                                               [&](WordId w) { return words[w].starts_with(token); });
    if (!range.empty() && words[range.first] == token)
        range.exact = range.first;
    return range;
}

// Whether the tokens prefix consecutive words of one name, in query order
// (ranking criterion 4). The only criterion that reads an entry's words, so
// it is computed only for entries that could still make the results.
bool matchesInOrder(const WordId* words, std::size_t count, const std::vector<TokenRange>& tokens)
{
    const std::size_t phrase = tokens.size();
    for (std::size_t start = 0; start + phrase <= count; ++start) {
        std::size_t i = 0;
        while (i < phrase && tokens[i].contains(words[start + i]))
            ++i;
        if (i == phrase)
            return true;
    }
    return false;
}

// The ranking as one integer, lower is better, unique per entry because the
// static rank (criteria 6-9) is: bits 40-42 tier, 39 first word missed,
// 38 not in order, 32-37 tokens not equal to a whole word, 0-31 static rank.
// Entries that are not name matches get the worst name criteria.
struct RankParts {
    std::uint8_t tier = kNoMatch;
    bool nameMatched = false;
    bool firstWord = false;
    bool inOrder = false;
    std::size_t partialTokens = 0;
};

constexpr int kTierShift = 40;
constexpr std::uint64_t kFirstWordMissedBit = std::uint64_t{1} << 39;
constexpr std::uint64_t kNotInOrderBit = std::uint64_t{1} << 38;
constexpr int kPartialTokensShift = 32;

std::uint64_t rankKey(const RankParts& parts, std::uint32_t staticRank)
{
    std::uint64_t key = std::uint64_t{parts.tier} << kTierShift;
    if (!parts.nameMatched || !parts.firstWord)
        key |= kFirstWordMissedBit;
    if (!parts.nameMatched || !parts.inOrder)
        key |= kNotInOrderBit;
    key |= std::uint64_t{parts.nameMatched ? parts.partialTokens : kUnmatchedPartialTokens} << kPartialTokensShift;
    return key | staticRank;
}

} // namespace

void ProductSearchIndex::build(std::vector<SearchEntry> entries)
{
    *this = ProductSearchIndex();
    const std::uint32_t n = checkedCount(entries.size(), "entries");
    m_size = n;

    // Pass 1: fold every active name into words, numbering distinct words in
    // the order first seen; they are renumbered in sorted order below.
    std::unordered_map<std::string, WordId, TransparentStringHash, std::equal_to<>> wordIds;
    std::vector<const std::string*> wordText;
    search_detail::PackedStrings foldedNames; // for the static rank
    foldedNames.reserve(n, std::size_t{n} * 32);
    std::vector<int> stars(n, 0);
    m_entryWordStart.reserve(n + 1);
    m_entryWords.reserve(std::size_t{n} * 8);
    for (PackedStrings* keys : {&m_codeLower, &m_codeKey, &m_codeNumber, &m_gtin})
        keys->reserve(n, std::size_t{n} * 10);

    const auto addWords = [&](const std::string& folded) {
        std::size_t start = 0;
        while (start < folded.size()) {
            std::size_t end = folded.find(' ', start);
            if (end == std::string::npos)
                end = folded.size();
            const std::string_view word(folded.data() + start, end - start);
            auto it = wordIds.find(word);
            if (it == wordIds.end()) {
                it = wordIds.emplace(std::string(word), checkedCount(wordText.size(), "words")).first;
                wordText.push_back(&it->first);
            }
            m_entryWords.push_back(it->second);
            start = end + 1;
        }
    };

    for (std::uint32_t e = 0; e < n; ++e) {
        m_entryWordStart.push_back(checkedCount(m_entryWords.size(), "words"));
        SearchEntry& entry = entries[e];
        if (!entry.active) {
            foldedNames.push({});
            for (PackedStrings* keys : {&m_codeLower, &m_codeKey, &m_codeNumber, &m_gtin})
                keys->push({});
            continue;
        }
        const std::string name = foldForSearch(entry.name);
        addWords(name);
        const std::string nameEn = foldForSearch(entry.nameEn);
        if (!nameEn.empty()) {
            m_entryWords.push_back(kFieldBreak);
            addWords(nameEn);
        }
        foldedNames.push(name);
        stars[e] = entry.stars;

        const std::string_view code = trimAsciiSpace(entry.code);
        m_codeLower.push(asciiLower(code));
        m_codeKey.push(compactKey(code));
        m_codeNumber.push(lastDigitRun(code));
        const std::string_view gtin = trimAsciiSpace(entry.gtin);
        m_gtin.push(gtin);
    }
    m_entryWordStart.push_back(checkedCount(m_entryWords.size(), "words"));
    entries = {}; // the names are folded; give the memory back before the tables grow

    // Sorted dictionary: a token's prefix matches become one id range.
    const auto wordCount = static_cast<WordId>(wordText.size());
    std::vector<WordId> bySpelling(wordCount);
    std::iota(bySpelling.begin(), bySpelling.end(), WordId{0});
    std::sort(bySpelling.begin(), bySpelling.end(),
              [&](WordId a, WordId b) { return *wordText[a] < *wordText[b]; });
    std::vector<WordId> sortedId(wordCount);
    std::size_t wordChars = 0;
    for (WordId i = 0; i < wordCount; ++i) {
        sortedId[bySpelling[i]] = i;
        wordChars += wordText[bySpelling[i]]->size();
    }
    m_words.reserve(wordCount, wordChars);
    for (WordId i = 0; i < wordCount; ++i)
        m_words.push(*wordText[bySpelling[i]]);
    wordIds = {};
    wordText = {};
    for (WordId& w : m_entryWords)
        if (w != kFieldBreak)
            w = sortedId[w];

    // Posting lists, each entry listed once per word however often the word
    // occurs in its names.
    std::vector<WordId> distinct;
    buildPostingLists(
        wordCount,
        [&](auto&& visit) {
            for (EntryId e = 0; e < n; ++e) {
                distinct.assign(m_entryWords.begin() + m_entryWordStart[e],
                                m_entryWords.begin() + m_entryWordStart[e + 1]);
                std::erase(distinct, kFieldBreak);
                std::sort(distinct.begin(), distinct.end());
                distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
                for (WordId w : distinct)
                    visit(e, w);
            }
        },
        m_postingStart, m_postings);

    // The same for the first word of each name only (criterion 3).
    buildPostingLists(
        wordCount,
        [&](auto&& visit) {
            for (EntryId e = 0; e < n; ++e) {
                const WordId* words = m_entryWords.data() + m_entryWordStart[e];
                const WordId* end = m_entryWords.data() + m_entryWordStart[e + 1];
                const WordId* englishBreak = std::find(words, end, kFieldBreak);
                const WordId firstVi = words != englishBreak ? words[0] : kNoWord;
                const WordId firstEn = englishBreak != end && englishBreak + 1 != end ? englishBreak[1] : kNoWord;
                if (firstVi != kNoWord)
                    visit(e, firstVi);
                if (firstEn != kNoWord && firstEn != firstVi)
                    visit(e, firstEn);
            }
        },
        m_firstWordStart, m_firstWordPostings);

    // Digit trigrams inside each GTIN, from its second digit on (a match at
    // the first is a prefix match), for infix queries.
    std::vector<std::uint32_t> trigrams;
    buildPostingLists(
        kTrigramCount,
        [&](auto&& visit) {
            for (EntryId e = 0; e < n; ++e) {
                const std::string_view gtin = m_gtin[e];
                trigrams.clear();
                for (std::size_t at = 1; at + 3 <= gtin.size(); ++at)
                    if (const auto t = digitTrigram(gtin, at))
                        trigrams.push_back(*t);
                std::sort(trigrams.begin(), trigrams.end());
                trigrams.erase(std::unique(trigrams.begin(), trigrams.end()), trigrams.end());
                for (std::uint32_t t : trigrams)
                    visit(e, t);
            }
        },
        m_trigramStart, m_trigramPostings);

    // Static rank: criteria 6-9, fixed per entry, computed once here.
    struct StaticOrder {
        int stars;
        std::uint32_t length;
        std::uint64_t prefix;
        EntryId id;
    };
    std::vector<StaticOrder> staticOrder;
    staticOrder.reserve(n);
    for (EntryId e = 0; e < n; ++e)
        staticOrder.push_back({stars[e], static_cast<std::uint32_t>(foldedNames[e].size()), keyPrefix(foldedNames[e]), e});
    std::sort(staticOrder.begin(), staticOrder.end(), [&](const StaticOrder& a, const StaticOrder& b) {
        if (a.stars != b.stars)
            return a.stars > b.stars;
        if (a.length != b.length)
            return a.length < b.length;
        if (a.prefix != b.prefix)
            return a.prefix < b.prefix;
        const int c = foldedNames[a.id].compare(foldedNames[b.id]);
        return c < 0 || (c == 0 && a.id < b.id);
    });
    m_entryByRank.resize(n);
    for (std::uint32_t rank = 0; rank < n; ++rank)
        m_entryByRank[rank] = staticOrder[rank].id;
    m_staticRank.resize(n);
    for (std::uint32_t rank = 0; rank < n; ++rank)
        m_staticRank[m_entryByRank[rank]] = rank;

    // Code and GTIN tables, active entries with a key only.
    const auto activeWith = [&](const PackedStrings& keys) {
        std::vector<EntryId> ids;
        for (EntryId e = 0; e < n; ++e)
            if (!keys[e].empty())
                ids.push_back(e);
        return ids;
    };
    const auto codeLowerOf = [this](EntryId e) { return m_codeLower[e]; };
    const auto codeKeyOf = [this](EntryId e) { return m_codeKey[e]; };
    const auto codeNumberOf = [this](EntryId e) { return m_codeNumber[e]; };
    const auto codeNumberValueOf = [this](EntryId e) { return withoutLeadingZeros(m_codeNumber[e]); };
    const auto gtinOf = [this](EntryId e) { return m_gtin[e]; };
    const auto gtinValueOf = [this](EntryId e) { return withoutLeadingZeros(m_gtin[e]); };
    m_byCodeLower = activeWith(m_codeLower);
    sortByKey(m_byCodeLower, codeLowerOf);
    m_byCodeKey = activeWith(m_codeKey);
    sortByKey(m_byCodeKey, codeKeyOf);
    m_byCodeNumber = activeWith(m_codeNumber);
    m_byCodeNumberValue = m_byCodeNumber;
    sortByKey(m_byCodeNumber, codeNumberOf);
    sortByKey(m_byCodeNumberValue, codeNumberValueOf);
    m_byGtin = activeWith(m_gtin);
    sortByKey(m_byGtin, gtinOf);
    // Only valid GTINs are equal across zero-padding, and those are digits.
    std::copy_if(m_byGtin.begin(), m_byGtin.end(), std::back_inserter(m_byGtinValue),
                 [&](EntryId e) { return isValidGtin(m_gtin[e]); });
    sortByKey(m_byGtinValue, gtinValueOf);

    for (PackedStrings* keys : {&m_codeLower, &m_codeKey, &m_codeNumber, &m_gtin})
        keys->shrinkToFit();
    for (std::vector<std::uint32_t>* v : {&m_entryWords, &m_byCodeLower, &m_byCodeKey, &m_byCodeNumber,
                                          &m_byCodeNumberValue, &m_byGtin, &m_byGtinValue})
        v->shrink_to_fit();
}

std::vector<std::size_t> ProductSearchIndex::search(std::string_view query, std::size_t limit) const
{
    if (limit == 0 || m_size == 0)
        return {};
    ParsedQuery q = parseQuery(query);
    if (q.tokens.empty())
        return {};
    if (q.tokens.size() > kMaxQueryTokens)
        q.tokens.resize(kMaxQueryTokens);

    QueryState state(m_size);
    std::vector<TokenRange> tokens;
    tokens.reserve(q.tokens.size());
    for (const std::string& t : q.tokens)
        tokens.push_back(wordRange(m_words, t));
    markNameMatches(tokens, state);
    markCodeAndGtinMatches(q, state);
    return bestMatches(tokens, state, limit);
}

void ProductSearchIndex::markNameMatches(const std::vector<TokenRange>& tokens, QueryState& state) const
{
    // Intersect the tokens rarest first. An entry's counter moves from k to
    // k + 1 only while the k-th token processed is counted, so it reaches
    // the token count exactly when every token matched, however many of its
    // words a token prefixes. A token is counted either by a pass over its
    // posting slice (sequential reads, no entry words), or, once few entries
    // are left, by checking those entries' words: each costs a cache miss or
    // two, the price of reading some kWordCheckCost postings.
    constexpr std::size_t kWordCheckCost = 32;
    const auto postingCount = [&](const TokenRange& r) { return m_postingStart[r.last] - m_postingStart[r.first]; };
    std::vector<std::size_t> order(tokens.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return postingCount(tokens[a]) < postingCount(tokens[b]); });

    // The entries still matching every token counted so far. The rarest
    // slice bounds them; + 1 because the slice pass writes one past the last.
    const auto alive = std::make_unique_for_overwrite<EntryId[]>(postingCount(tokens[order.front()]) + 1);
    std::size_t aliveCount = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
        const TokenRange& token = tokens[order[k]];
        const auto before = static_cast<std::uint8_t>(k);
        if (k > 0 && aliveCount * kWordCheckCost < postingCount(token)) {
            std::size_t kept = 0;
            for (std::size_t i = 0; i < aliveCount; ++i) {
                const EntryId e = alive[i];
                bool found = false;
                bool whole = false;
                for (std::uint32_t w = m_entryWordStart[e], end = m_entryWordStart[e + 1]; w < end; ++w) {
                    found |= token.contains(m_entryWords[w]);
                    whole |= m_entryWords[w] == token.exact;
                }
                if (found) {
                    state.tokensMatched[e] = before + 1;
                    state.wholeWords[e] += whole ? 1 : 0;
                    alive[kept++] = e;
                }
            }
            aliveCount = kept;
        } else {
            // Branch-free: an entry is listed once per word the token
            // prefixes, so whether its counter moves is data the CPU cannot
            // predict.
            std::size_t moved = 0;
            for (std::uint32_t p = m_postingStart[token.first], end = m_postingStart[token.last]; p < end; ++p) {
                const EntryId e = m_postings[p];
                std::uint8_t& matched = state.tokensMatched[e];
                const bool advances = matched == before;
                matched = static_cast<std::uint8_t>(matched + advances);
                alive[moved] = e;
                moved += advances;
            }
            aliveCount = moved;
            if (token.exact != kNoWord)
                for (std::uint32_t p = m_postingStart[token.exact], end = m_postingStart[token.exact + 1]; p < end; ++p)
                    if (state.tokensMatched[m_postings[p]] == before + 1)
                        ++state.wholeWords[m_postings[p]];
        }
        if (aliveCount == 0)
            return;
    }

    // Criterion 3 for the matches, by the same trade-off.
    const TokenRange& first = tokens.front();
    if (aliveCount * kWordCheckCost < m_firstWordStart[first.last] - m_firstWordStart[first.first]) {
        for (std::size_t i = 0; i < aliveCount; ++i) {
            const EntryId e = alive[i];
            bool startsField = true;
            bool firstWord = false;
            for (std::uint32_t w = m_entryWordStart[e], end = m_entryWordStart[e + 1]; w < end; ++w) {
                firstWord |= startsField && first.contains(m_entryWords[w]);
                startsField = m_entryWords[w] == kFieldBreak;
            }
            if (firstWord)
                state.flags[e] |= kFirstWordHit;
        }
    } else {
        for (std::uint32_t p = m_firstWordStart[first.first], end = m_firstWordStart[first.last]; p < end; ++p)
            state.flags[m_firstWordPostings[p]] |= kFirstWordHit;
    }
    if (state.reserveCandidates(aliveCount))
        state.candidates.insert(state.candidates.end(), alive.get(), alive.get() + aliveCount);
}

void ProductSearchIndex::markCodeAndGtinMatches(const ParsedQuery& q, QueryState& state) const
{
    const auto raise = [&](const IdRange& ids, Tier tier) {
        if (state.reserveCandidates(static_cast<std::size_t>(ids.last - ids.first)))
            state.candidates.insert(state.candidates.end(), ids.first, ids.last);
        for (EntryId e : ids)
            state.raise(e, tier);
    };
    const auto codeKeyOf = [this](EntryId e) { return m_codeKey[e]; };
    raise(equalRange(m_byCodeKey, codeKeyOf, q.key), kExact);
    if (q.hasDigit)
        raise(prefixRange(m_byCodeKey, codeKeyOf, q.key), kCodePrefix);
    if (!q.digitsOnly)
        return;
    raise(prefixRange(m_byCodeNumber, [this](EntryId e) { return m_codeNumber[e]; }, q.key), kCodePrefix);
    raise(equalRange(m_byCodeNumberValue, [this](EntryId e) { return withoutLeadingZeros(m_codeNumber[e]); },
                     withoutLeadingZeros(q.key)),
          kExact);
    const auto gtinOf = [this](EntryId e) { return m_gtin[e]; };
    raise(equalRange(m_byGtin, gtinOf, q.key), kExact);
    if (isValidGtin(q.key))
        raise(equalRange(m_byGtinValue, [this](EntryId e) { return withoutLeadingZeros(m_gtin[e]); },
                         withoutLeadingZeros(q.key)),
              kExact);
    raise(prefixRange(m_byGtin, gtinOf, q.key), kGtinPrefix);
    if (q.key.size() >= kMinGtinInfixDigits)
        markGtinInfixes(q.key, state);
}

void ProductSearchIndex::markGtinInfixes(std::string_view digits, QueryState& state) const
{
    // Every GTIN holding the digits past its first one holds each of their
    // trigrams there, so the rarest trigram's posting list is a complete
    // candidate list; each candidate is then checked for the whole string.
    std::uint32_t rarest = 0;
    std::uint32_t rarestCount = std::numeric_limits<std::uint32_t>::max();
    for (std::size_t at = 0; at + 3 <= digits.size(); ++at) {
        const std::uint32_t t = *digitTrigram(digits, at);
        const std::uint32_t count = m_trigramStart[t + 1] - m_trigramStart[t];
        if (count < rarestCount) {
            rarest = t;
            rarestCount = count;
        }
    }
    const bool collect = state.reserveCandidates(rarestCount);
    for (std::uint32_t p = m_trigramStart[rarest], end = m_trigramStart[rarest + 1]; p < end; ++p) {
        const EntryId e = m_trigramPostings[p];
        if ((state.flags[e] & kTierMask) > kGtinInfix && m_gtin[e].find(digits, 1) != std::string_view::npos) {
            state.raise(e, kGtinInfix);
            if (collect)
                state.candidates.push_back(e);
        }
    }
}

std::vector<std::size_t> ProductSearchIndex::bestMatches(const std::vector<TokenRange>& tokens, QueryState& state,
                                                         std::size_t limit) const
{
    const auto tokenCount = static_cast<std::uint8_t>(tokens.size());
    // The rank key, first assuming criterion 4 holds, so no entry words are
    // read. Most entries of a broad query come through here, so it has no
    // branches: the criteria that depend on the flags byte (tier, first word)
    // and on whether the name matched come from a 32-entry table, with
    // kNoKey (all ones, so OR-ing keeps it) for entries that match nothing.
    constexpr std::uint64_t kNoKey = std::numeric_limits<std::uint64_t>::max();
    constexpr std::uint8_t kKeyFlags = kTierMask | kFirstWordHit;
    static_assert(kKeyFlags == 0x0F);
    std::array<std::uint64_t, 32> upperBits{};
    for (std::uint8_t flags = 0; flags <= kKeyFlags; ++flags) {
        for (const bool matched : {false, true}) {
            RankParts parts;
            parts.nameMatched = matched;
            parts.tier = static_cast<std::uint8_t>(matched ? std::min(flags & kTierMask, int{kName}) : flags & kTierMask);
            parts.firstWord = (flags & kFirstWordHit) != 0;
            parts.inOrder = true;
            upperBits[flags | (matched ? 16 : 0)] = parts.tier == kNoMatch ? kNoKey : rankKey(parts, 0);
        }
    }
    const auto optimisticKey = [&](EntryId e) {
        const std::uint64_t matched = state.tokensMatched[e] == tokenCount;
        const std::uint64_t partial =
            kUnmatchedPartialTokens - matched * (kUnmatchedPartialTokens - tokenCount + state.wholeWords[e]);
        return upperBits[(state.flags[e] & kKeyFlags) | (matched << 4)] | (partial << kPartialTokensShift) |
               m_staticRank[e];
    };

    // Best `limit` keys in a max-heap; its top is the key to beat once full,
    // so most candidates cost one comparison.
    std::vector<std::uint64_t> best;
    best.reserve(std::min<std::size_t>(limit, m_size));
    std::uint64_t toBeat = kNoKey;
    const auto offer = [&](EntryId e, std::uint64_t key) {
        if (tokenCount > 1 && state.tokensMatched[e] == tokenCount) {
            // Criterion 4 for an entry that would make the heap otherwise.
            const std::uint32_t first = m_entryWordStart[e];
            if (!matchesInOrder(m_entryWords.data() + first, m_entryWordStart[e + 1] - first, tokens)) {
                key |= kNotInOrderBit;
                if (key >= toBeat)
                    return;
            }
        }
        if (best.size() < limit) {
            best.push_back(key);
            std::push_heap(best.begin(), best.end());
        } else {
            std::pop_heap(best.begin(), best.end());
            best.back() = key;
            std::push_heap(best.begin(), best.end());
        }
        if (best.size() == limit)
            toBeat = best.front();
    };

    if (state.scanAll) {
        for (EntryId e = 0; e < m_size; ++e)
            if (const std::uint64_t key = optimisticKey(e); key < toBeat)
                offer(e, key);
    } else {
        for (EntryId e : state.candidates) {
            if (state.flags[e] & kSeen)
                continue;
            state.flags[e] |= kSeen;
            if (const std::uint64_t key = optimisticKey(e); key < toBeat)
                offer(e, key);
        }
    }
    std::sort_heap(best.begin(), best.end());

    std::vector<std::size_t> result;
    result.reserve(best.size());
    for (std::uint64_t key : best)
        result.push_back(m_entryByRank[static_cast<std::uint32_t>(key)]);
    return result;
}

std::optional<std::size_t> ProductSearchIndex::findByCode(std::string_view codeOrGtin) const
{
    const std::string_view text = trimAsciiSpace(codeOrGtin);
    if (text.empty())
        return std::nullopt;
    if (const IdRange ids = equalRange(m_byCodeLower, [this](EntryId e) { return m_codeLower[e]; }, asciiLower(text));
        !ids.empty())
        return *ids.first;
    if (const IdRange ids = equalRange(m_byGtin, [this](EntryId e) { return m_gtin[e]; }, text); !ids.empty())
        return *ids.first;
    if (isValidGtin(text)) {
        // The value table holds valid GTINs only, so an equal value is the
        // same GTIN at another length.
        const IdRange ids = equalRange(m_byGtinValue, [this](EntryId e) { return withoutLeadingZeros(m_gtin[e]); },
                                       withoutLeadingZeros(text));
        if (!ids.empty())
            return *ids.first;
    }
    return std::nullopt;
}

std::size_t ProductSearchIndex::memoryUsage() const
{
    std::size_t bytes = sizeof(*this);
    for (const PackedStrings* keys : {&m_words, &m_codeLower, &m_codeKey, &m_codeNumber, &m_gtin})
        bytes += keys->memoryUsage();
    for (const std::vector<std::uint32_t>* v :
         {&m_postingStart, &m_postings, &m_firstWordStart, &m_firstWordPostings, &m_trigramStart,
          &m_trigramPostings, &m_entryWordStart, &m_entryWords, &m_staticRank, &m_entryByRank,
          &m_byCodeLower, &m_byCodeKey, &m_byCodeNumber, &m_byCodeNumberValue, &m_byGtin, &m_byGtinValue})
        bytes += v->capacity() * sizeof(std::uint32_t);
    return bytes;
}

} // namespace ocop
