#include "core/search_index.h"

#include "core/gtin.h"
#include "core/text_fold.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <tuple>
#include <vector>

using namespace ocop;

namespace {

constexpr std::size_t kAll = std::numeric_limits<std::size_t>::max();

// A valid GTIN-13: the twelve digits given and their check digit.
std::string gtin13(std::string_view twelveDigits)
{
    return std::string(twelveDigits) + static_cast<char>('0' + gtinCheckDigit(twelveDigits));
}

SearchEntry product(std::string code, std::string name, int stars = 3, std::string gtin = {}, std::string nameEn = {})
{
    return SearchEntry{std::move(code), std::move(gtin), std::move(name), std::move(nameEn), stars, true};
}

std::vector<std::size_t> ids(std::initializer_list<std::size_t> list) { return list; }

// Products named by position, for readable failure messages.
std::vector<std::string> namesOf(const std::vector<SearchEntry>& entries, const std::vector<std::size_t>& found)
{
    std::vector<std::string> names;
    for (std::size_t i : found)
        names.push_back(entries.at(i).name);
    return names;
}

} // namespace

// ---- matching ---------------------------------------------------------------

TEST(ProductSearch, MatchesAccentInsensitiveWordPrefixesInAnyOrder)
{
    const ProductSearchIndex index({
        product("OCOP-00001", "Bánh kẹo lạc Xuân Đỉnh", 4),
        product("OCOP-00002", "Trà xanh Tân Cương", 4),
        product("OCOP-00003", "Miến dong Cự Đà", 3),
    });
    for (const char* query : {"banh keo", "bánh", "BANH K", "keo banh", "Bánh kẹo lạc Xuân Đỉnh", "xuan dinh",
                              "ĐỈNH", "dinh xuan lac", "b", "ba\u0301nh ke\u0323o", "  banh,,keo!  "})
        EXPECT_EQ(index.search(query), ids({0})) << query;
    EXPECT_EQ(index.search("tan cuong"), ids({1}));
    EXPECT_EQ(index.search("cu da"), ids({2}));
}

TEST(ProductSearch, EveryTokenMustPrefixSomeWord)
{
    const ProductSearchIndex index({product("OCOP-00001", "Bánh kẹo lạc Xuân Đỉnh")});
    EXPECT_TRUE(index.search("banh tra").empty());
    EXPECT_TRUE(index.search("anh").empty()) << "inside a word is not a prefix";
    EXPECT_TRUE(index.search("keoo").empty());
    EXPECT_TRUE(index.search("banhkeo").empty());
}

TEST(ProductSearch, MatchesTheEnglishNameToo)
{
    const ProductSearchIndex index({
        product("OCOP-00001", "Bánh kẹo lạc Xuân Đỉnh", 4, {}, "Xuan Dinh peanut candy"),
        product("OCOP-00002", "Trà xanh Tân Cương", 4, {}, "Tan Cuong green tea"),
    });
    EXPECT_EQ(index.search("peanut"), ids({0}));
    EXPECT_EQ(index.search("green tea"), ids({1}));
    EXPECT_EQ(index.search("tea"), ids({1}));
    EXPECT_EQ(index.search("candy banh"), ids({0})) << "each token may match either name";
}

TEST(ProductSearch, EmptyBlankOrPunctuationQueryFindsNothing)
{
    const ProductSearchIndex index({product("OCOP-00001", "Bánh kẹo"), product("OCOP-00002", "Trà xanh")});
    EXPECT_TRUE(index.search("").empty());
    EXPECT_TRUE(index.search("   ").empty());
    EXPECT_TRUE(index.search("\t\n").empty());
    EXPECT_TRUE(index.search(" - ,. ").empty());
    EXPECT_TRUE(index.search("banh", 0).empty());
}

TEST(ProductSearch, AnEmptyIndexFindsNothing)
{
    const ProductSearchIndex index;
    EXPECT_EQ(index.size(), 0u);
    EXPECT_TRUE(index.search("banh").empty());
    EXPECT_FALSE(index.findByCode("OCOP-00001").has_value());
}

TEST(ProductSearch, InactiveProductsAreNeverReturned)
{
    const std::string gtin = gtin13("893504950001");
    std::vector<SearchEntry> entries{
        product("OCOP-00001", "Bánh kẹo lạc", 5, gtin, "Peanut candy"),
        product("OCOP-00002", "Bánh đậu xanh", 3, gtin13("893504950002")),
    };
    entries[0].active = false;
    const ProductSearchIndex index(entries);

    EXPECT_EQ(index.size(), 2u) << "size counts inactive entries";
    EXPECT_EQ(index.search("banh"), ids({1}));
    for (const std::string& query : {std::string("keo"), std::string("peanut"), std::string("OCOP-00001"),
                                     std::string("00001"), std::string("1"), gtin, "0" + gtin, gtin.substr(0, 12),
                                     gtin.substr(4, 6)})
        EXPECT_THAT(index.search(query, kAll), ::testing::Not(::testing::Contains(0u))) << query;
    EXPECT_FALSE(index.findByCode("OCOP-00001").has_value());
    EXPECT_FALSE(index.findByCode(gtin).has_value());
    EXPECT_EQ(index.findByCode("OCOP-00002"), 1u);
}

TEST(ProductSearch, LimitCapsTheResults)
{
    std::vector<SearchEntry> entries;
    for (int i = 0; i < 120; ++i)
        entries.push_back(product("OCOP-" + std::to_string(10000 + i), "Bánh số " + std::to_string(i)));
    const ProductSearchIndex index(entries);
    EXPECT_EQ(index.search("banh").size(), 50u) << "default limit";
    EXPECT_EQ(index.search("banh", 7).size(), 7u);
    EXPECT_EQ(index.search("banh", kAll).size(), 120u);
    // A smaller limit is a prefix of a larger one.
    const auto all = index.search("banh", kAll);
    EXPECT_EQ(index.search("banh", 7), std::vector<std::size_t>(all.begin(), all.begin() + 7));
}

TEST(ProductSearch, WordsPastTheThirtySecondAreIgnored)
{
    const ProductSearchIndex index({product("OCOP-00001", "Bánh kẹo")});
    std::string query;
    for (int i = 0; i < 32; ++i)
        query += i % 2 ? "keo " : "banh ";
    EXPECT_EQ(index.search(query), ids({0}));
    EXPECT_EQ(index.search(query + "zzz"), ids({0}));
    EXPECT_TRUE(index.search("zzz " + query).empty());
}

TEST(ProductSearch, RebuildReplacesTheIndex)
{
    ProductSearchIndex index({product("OCOP-00001", "Bánh kẹo")});
    index.build({product("OCOP-00001", "Trà xanh"), product("OCOP-00002", "Trà sen")});
    EXPECT_EQ(index.size(), 2u);
    EXPECT_TRUE(index.search("banh").empty());
    EXPECT_EQ(index.search("tra sen"), ids({1}));
}

// ---- codes and GTINs ----------------------------------------------------------

TEST(ProductSearch, FindsAProductByItsCodeInAnyCaseOrSpacing)
{
    std::vector<SearchEntry> entries;
    for (int i = 1; i <= 30; ++i) {
        char code[32];
        std::snprintf(code, sizeof code, "OCOP-%05d", i);
        entries.push_back(product(code, "Sản phẩm mẫu"));
    }
    const ProductSearchIndex index(entries);
    for (const char* query : {"OCOP-00012", "ocop-00012", "Ocop 00012", "ocop00012", "00012", "12", "012"}) {
        const auto found = index.search(query);
        ASSERT_FALSE(found.empty()) << query;
        EXPECT_EQ(found.front(), 11u) << query;
    }
    // A code with a digit typed so far matches the codes it begins.
    EXPECT_EQ(index.search("ocop-0001"), ids({9, 10, 11, 12, 13, 14, 15, 16, 17, 18}));
    // A digit query begins the code's number too, after the code whose
    // number it equals (OCOP-00002).
    EXPECT_EQ(index.search("0002"), ids({1, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28}));
    // Letters alone name no code: "ocop" would otherwise match every product.
    EXPECT_TRUE(index.search("ocop").empty());
}

TEST(ProductSearch, DigitQueriesMatchGtinPrefixesAndInfixes)
{
    const ProductSearchIndex index({
        product("OCOP-00001", "Mật ong", 3, gtin13("893504950001")),
        product("OCOP-00002", "Trà xanh", 3, gtin13("893504950002")),
        product("OCOP-00003", "Gạo nếp", 3, gtin13("893612340003")),
        product("OCOP-00004", "Miến dong", 3),
    });
    EXPECT_EQ(index.search("8935049"), ids({0, 1}));
    // Same tier and stars: shorter folded name, then alphabetical.
    EXPECT_EQ(index.search("893"), ids({2, 0, 1}));
    EXPECT_EQ(index.search("8 935 049"), ids({0, 1})) << "spaces inside a typed barcode";
    EXPECT_EQ(index.search("5049500"), ids({0, 1})) << "inside the GTIN";
    EXPECT_EQ(index.search("1234"), ids({2}));
    EXPECT_TRUE(index.search("12").empty()) << "two digits are too short for an infix match";
    EXPECT_TRUE(index.search("777").empty());
}

TEST(ProductSearch, FindByCodeMatchesCodesAndGtinsAcrossPadding)
{
    const std::string ean13 = gtin13("893504950001");
    const std::string gtin14Body = "1" + ean13.substr(0, 12); // another packaging level
    const std::string storedGtin14 = gtin14Body + static_cast<char>('0' + gtinCheckDigit(gtin14Body));
    const std::string upc12 = "036000291452"; // a valid UPC-A
    ASSERT_TRUE(isValidGtin(ean13));
    ASSERT_TRUE(isValidGtin(storedGtin14));
    ASSERT_TRUE(isValidGtin(upc12));
    const ProductSearchIndex index({
        product("OCOP-00001", "Mật ong", 3, ean13),
        product("OCOP-00002", "Trà xanh", 3, "0" + gtin13("893612340003")), // stored as GTIN-14
        product("OCOP-00003", "Gạo nếp", 3, upc12),
        product("OCOP-00004", "Thùng mật ong", 3, storedGtin14),
        product("OCOP-00005", "Mã hỏng", 3, "1234567890123"), // bad check digit
        product("ocop-00001", "Trùng mã", 3),                   // duplicate code, later position
    });
    EXPECT_EQ(index.findByCode("OCOP-00001"), 0u);
    EXPECT_EQ(index.findByCode("ocop-00001"), 0u) << "lowest position wins";
    EXPECT_EQ(index.findByCode("  OCOP-00002\r\n"), 1u);
    EXPECT_EQ(index.findByCode(ean13), 0u);
    EXPECT_EQ(index.findByCode("0" + ean13), 0u) << "GTIN-14 scanned for a stored GTIN-13";
    EXPECT_EQ(index.findByCode(gtin13("893612340003")), 1u) << "GTIN-13 scanned for a stored GTIN-14";
    EXPECT_EQ(index.findByCode("0" + upc12), 2u) << "EAN-13 form of a UPC-A";
    EXPECT_EQ(index.findByCode(storedGtin14), 3u);
    EXPECT_EQ(index.findByCode("1234567890123"), 4u) << "an invalid GTIN still matches exactly";
    EXPECT_FALSE(index.findByCode("01234567890123").has_value()) << "but not across padding";
    EXPECT_FALSE(index.findByCode("OCOP-0001").has_value()) << "no prefix matches";
    EXPECT_FALSE(index.findByCode("OCOP00001").has_value()) << "exact code, not the search key";
    EXPECT_FALSE(index.findByCode(ean13.substr(1)).has_value());
    EXPECT_FALSE(index.findByCode("").has_value());
    EXPECT_FALSE(index.findByCode("   ").has_value());

    // search() ranks the same exact matches first.
    EXPECT_EQ(index.search("0" + ean13).front(), 0u);
    EXPECT_EQ(index.search(gtin13("893612340003")).front(), 1u);
}

// ---- ranking --------------------------------------------------------------------

TEST(ProductSearchRanking, ExactCodeFirst)
{
    const std::vector<SearchEntry> entries{
        product("OCOP-00120", "Hộp quà 00012 Tết", 5),
        product("OCOP-00012", "Mật ong", 3),
        product("OCOP-00121", "Trà", 5, gtin13("893000120001")),
    };
    const ProductSearchIndex index(entries);
    // Exact code, then the name match, then the GTIN infix match.
    EXPECT_EQ(index.search("00012"), ids({1, 0, 2})) << ::testing::PrintToString(namesOf(entries, index.search("00012")));
    EXPECT_EQ(index.search("ocop-00012"), ids({1}));
}

TEST(ProductSearchRanking, ExactGtinFirst)
{
    const std::string gtin = gtin13("893504950001");
    const ProductSearchIndex index({
        product("OCOP-00001", "Mã vạch " + gtin + " trên hộp", 5),
        product("OCOP-00002", "Mật ong", 3, gtin),
        product("OCOP-00003", "Trà", 5, gtin + "0"), // not a GTIN: prefix match only
    });
    EXPECT_EQ(index.search(gtin), ids({1, 0, 2}));
}

TEST(ProductSearchRanking, NameMatchesBeforeCodeAndGtinPrefixesBeforeInfixes)
{
    const ProductSearchIndex index({
        product("OCOP-00001", "Trà", 5, gtin13("893500100001")), // GTIN infix "5001"
        product("OCOP-50012", "Gạo", 5),                          // code number prefix
        product("OCOP-00003", "Nước mắm 5001 năm", 3),            // name
        product("OCOP-00004", "Miến", 5, "500123456789"),         // GTIN prefix (UPC-A shape)
    });
    EXPECT_EQ(index.search("5001"), ids({2, 1, 3, 0}));
}

TEST(ProductSearchRanking, FirstWordMatchBeforeEverythingButExact)
{
    const std::vector<SearchEntry> entries{
        product("A", "Kẹo bánh gạo", 5),
        product("B", "Bánh kẹo lạc Xuân Đỉnh", 3),
    };
    const ProductSearchIndex index(entries);
    EXPECT_EQ(index.search("banh"), ids({1, 0}));
    EXPECT_EQ(index.search("keo"), ids({0, 1}));
}

TEST(ProductSearchRanking, TheEnglishNameCanSupplyTheFirstWord)
{
    const ProductSearchIndex index({
        product("A", "Bánh lạc peanut", 5),
        product("B", "Kẹo lạc", 3, {}, "Peanut candy"),
    });
    EXPECT_EQ(index.search("peanut"), ids({1, 0}));
}

TEST(ProductSearchRanking, FirstWordBeforeConsecutive)
{
    const ProductSearchIndex index({
        product("A", "Bánh kẹo lạc", 5),   // "keo lac" consecutive but not first
        product("B", "Kẹo dừa lạc", 3),    // first word, not consecutive
    });
    EXPECT_EQ(index.search("keo lac"), ids({1, 0}));
}

TEST(ProductSearchRanking, ConsecutiveInOrderBeforeWholeWordsStarsAndLength)
{
    const ProductSearchIndex index({
        product("A", "Kẹo dừa lạc", 5),
        product("B", "Kẹo lạc Xuân Đỉnh truyền thống", 3),
        product("C", "Bánh dày", 3),          // "banh da": consecutive, "da" a prefix only
        product("D", "Bánh gai Đa Phúc", 5), // both whole words, not consecutive
    });
    EXPECT_EQ(index.search("keo lac"), ids({1, 0}));
    // Reversed, neither is in order and neither name starts with "lac":
    // whole words tie, so stars decide.
    EXPECT_EQ(index.search("lac keo"), ids({0, 1}));
    EXPECT_EQ(index.search("banh da"), ids({2, 3}));
}

TEST(ProductSearchRanking, WholeWordBeforePrefix)
{
    const ProductSearchIndex index({
        product("A", "Tranh thêu", 5),
        product("B", "Trà xanh Tân Cương Thái Nguyên", 3),
    });
    EXPECT_EQ(index.search("tra"), ids({1, 0}));
    EXPECT_EQ(index.search("tr"), ids({0, 1})) << "neither whole: stars decide";
}

TEST(ProductSearchRanking, ThenStarsThenShorterThenAlphabeticalThenPosition)
{
    const std::vector<SearchEntry> entries{
        product("A", "Mật ong", 3),
        product("B", "Mật ong hoa nhãn", 4),
        product("C", "Mật ong rừng", 4),
        product("D", "Mật ong bạc hà", 4),
        product("E", "Mật ong rừng", 4), // same as C: position decides
        product("F", "Mật ong mía", 4),  // shorter than "mat ong rung"
        product("G", "Mật ong đào", 4),  // as long as "mat ong mia", sorts before it
    };
    const ProductSearchIndex index(entries);
    const auto found = index.search("mat ong");
    EXPECT_EQ(found, ids({6, 5, 2, 4, 3, 1, 0})) << ::testing::PrintToString(namesOf(entries, found));
}

TEST(ProductSearchRanking, IsDeterministicAcrossBuilds)
{
    std::vector<SearchEntry> entries;
    for (int i = 0; i < 200; ++i)
        entries.push_back(product("X" + std::to_string(i), "Bánh " + std::to_string(i % 7), 3 + i % 3));
    const ProductSearchIndex a(entries), b(entries);
    EXPECT_EQ(a.search("banh", kAll), b.search("banh", kAll));
    EXPECT_EQ(a.search("banh", kAll).size(), 200u);
}

// ---- a catalog of 100,000 against a brute-force reference ---------------------

namespace {

// Plausible OCOP names: product, qualifiers, a place, a brand and a size.
std::vector<SearchEntry> syntheticCatalog(std::size_t count)
{
    static constexpr std::array<std::string_view, 40> kKinds{
        "Bánh", "Kẹo", "Trà", "Mật ong", "Miến", "Gạo", "Nước mắm", "Rượu", "Chè", "Mứt",
        "Tương", "Nem", "Giò", "Chả", "Gốm", "Lụa", "Nón lá", "Tranh", "Đèn", "Mây tre",
        "Hương", "Bún", "Phở", "Cà phê", "Dầu", "Tinh dầu", "Bột", "Muối", "Măng", "Nấm",
        "Cao", "Sữa", "Bánh đa", "Bánh chưng", "Quạt", "Khăn", "Túi", "Thảm", "Rổ", "Giỏ"};
    static constexpr std::array<std::string_view, 30> kQualifiers{
        "xanh", "sen", "nhài", "lạc", "dừa", "vừng", "nếp", "cái", "hoa vàng", "rừng",
        "nhãn", "gừng", "sấy", "khô", "tươi", "đặc biệt", "truyền thống", "thủ công", "hữu cơ", "cao cấp",
        "đậu xanh", "gấc", "cốm", "tre", "men lá", "thêu", "sơn mài", "ngũ cốc", "bạc hà", "quế"};
    static constexpr std::array<std::string_view, 30> kPlaces{
        "Xuân Đỉnh", "Ba Vì", "Tân Cương", "Bát Tràng", "Vạn Phúc", "Cự Đà", "Ước Lễ", "Đông Anh",
        "Sóc Sơn", "Mỹ Đức", "Thạch Thất", "Phú Xuyên", "Chương Mỹ", "Hoài Đức", "Đan Phượng",
        "Quốc Oai", "Thanh Oai", "Ứng Hòa", "Mê Linh", "Gia Lâm", "Long Biên", "Tây Hồ",
        "Hoàn Kiếm", "Hà Giang", "Thái Nguyên", "Sơn La", "Lào Cai", "Phú Thọ", "Hưng Yên", "Bắc Ninh"};
    static constexpr std::array<std::string_view, 24> kSyllables{
        "An", "Bình", "Cường", "Dũng", "Giang", "Hạnh", "Khang", "Lộc", "Minh", "Ngọc", "Phát", "Quang",
        "Sơn", "Tâm", "Thịnh", "Uyên", "Việt", "Yến", "Hưng", "Phúc", "Thành", "Đạt", "Hòa", "Nga"};
    static constexpr std::array<std::string_view, 9> kSizes{"100g", "200g", "500g", "1kg", "250ml",
                                                            "500ml", "hộp 12 gói", "túi 300g", ""};
    static constexpr std::array<std::string_view, 5> kEnglish{"Green tea", "Peanut candy", "Honey",
                                                              "Fish sauce", "Handicraft"};
    std::mt19937 rng(20240611);
    const auto pick = [&](const auto& list) { return std::string(list[rng() % list.size()]); };
    std::vector<SearchEntry> entries;
    entries.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        SearchEntry e;
        char code[32];
        std::snprintf(code, sizeof code, "OCOP-%05zu", i + 1);
        e.code = code;
        char body[40];
        std::snprintf(body, sizeof body, "893%05zu%04zu", i / 10, i % 10 + rng() % 1000 * 10);
        e.gtin = gtin13(body);
        e.name = pick(kKinds) + " " + pick(kQualifiers);
        if (rng() % 3 == 0)
            e.name += " " + pick(kQualifiers);
        e.name += " " + pick(kPlaces) + " " + pick(kSyllables) + " " + pick(kSyllables);
        const std::string size = pick(kSizes);
        if (!size.empty())
            e.name += " " + size;
        if (rng() % 2 == 0)
            e.nameEn = pick(kEnglish) + " " + foldForSearch(pick(kPlaces));
        e.stars = 3 + static_cast<int>(rng() % 3);
        e.active = i % 37 != 0;
        entries.push_back(std::move(e));
    }
    return entries;
}

// The documented matching and ranking (search_index.h), written the slow and
// obvious way over every entry.
class ReferenceSearch {
public:
    explicit ReferenceSearch(const std::vector<SearchEntry>& entries)
    {
        for (const SearchEntry& e : entries) {
            std::string codeKey = foldForSearch(e.code);
            std::erase(codeKey, ' ');
            m_entries.push_back({searchTokens(e.name), searchTokens(e.nameEn), foldForSearch(e.name), codeKey,
                                 lastDigitRun(e.code), e.gtin, e.stars, e.active});
        }
    }

    std::vector<std::size_t> search(std::string_view query, std::size_t limit) const
    {
        const std::vector<std::string> tokens = searchTokens(query);
        std::string key;
        for (const std::string& t : tokens)
            key += t;
        const bool hasDigit = std::ranges::any_of(key, isDigit);
        const bool digitsOnly = !key.empty() && std::ranges::all_of(key, isDigit);

        using Key = std::tuple<int, bool, bool, std::size_t, int, std::size_t, std::string_view, std::size_t>;
        std::vector<Key> keys;
        for (std::size_t i = 0; i < m_entries.size(); ++i) {
            const Entry& e = m_entries[i];
            if (!e.active || tokens.empty())
                continue;
            std::size_t whole = 0;
            bool nameMatch = true;
            for (const std::string& t : tokens) {
                nameMatch = nameMatch && anyWord(e, [&](const std::string& w) { return w.starts_with(t); });
                whole += anyWord(e, [&](const std::string& w) { return w == t; }) ? 1 : 0;
            }
            int tier = 7;
            const auto better = [&](int t) { tier = std::min(tier, t); };
            if (nameMatch)
                better(1);
            if (!e.codeKey.empty() && e.codeKey == key)
                better(0);
            if (hasDigit && !e.codeKey.empty() && e.codeKey.starts_with(key))
                better(2);
            if (digitsOnly) {
                if (!e.codeNumber.empty() && e.codeNumber.starts_with(key))
                    better(2);
                if (!e.codeNumber.empty() && withoutLeadingZeros(e.codeNumber) == withoutLeadingZeros(key))
                    better(0);
                if (!e.gtin.empty() && (e.gtin == key || (isValidGtin(e.gtin) && isValidGtin(key) &&
                                                          toGtin14(e.gtin) == toGtin14(key))))
                    better(0);
                if (!e.gtin.empty() && e.gtin.starts_with(key))
                    better(3);
                if (key.size() >= 3 && e.gtin.size() > 1 && e.gtin.find(key, 1) != std::string::npos)
                    better(4);
            }
            if (tier == 7)
                continue;
            const auto startsFirst = [&](const std::vector<std::string>& words) {
                return !words.empty() && words.front().starts_with(tokens.front());
            };
            const bool firstWord = nameMatch && (startsFirst(e.vi) || startsFirst(e.en));
            const bool inOrder = nameMatch && (hasPhrase(e.vi, tokens) || hasPhrase(e.en, tokens));
            const std::size_t partial = nameMatch ? tokens.size() - whole : 1000;
            keys.emplace_back(tier, !firstWord, !inOrder, partial, -e.stars, e.folded.size(), e.folded, i);
        }
        std::sort(keys.begin(), keys.end());
        std::vector<std::size_t> result;
        for (std::size_t i = 0; i < keys.size() && i < limit; ++i)
            result.push_back(std::get<7>(keys[i]));
        return result;
    }

private:
    struct Entry {
        std::vector<std::string> vi, en;
        std::string folded;
        std::string codeKey;
        std::string codeNumber;
        std::string gtin;
        int stars;
        bool active;
    };

    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    static std::string lastDigitRun(const std::string& code)
    {
        const auto last = code.find_last_of("0123456789");
        if (last == std::string::npos)
            return {};
        const auto before = code.find_last_not_of("0123456789", last);
        const std::size_t first = before == std::string::npos ? 0 : before + 1;
        return code.substr(first, last + 1 - first);
    }

    static std::string withoutLeadingZeros(const std::string& digits)
    {
        const auto first = digits.find_first_not_of('0');
        return first == std::string::npos ? std::string("0") : digits.substr(first);
    }

    template <class Pred>
    static bool anyWord(const Entry& e, Pred pred)
    {
        return std::ranges::any_of(e.vi, pred) || std::ranges::any_of(e.en, pred);
    }

    static bool hasPhrase(const std::vector<std::string>& words, const std::vector<std::string>& tokens)
    {
        for (std::size_t start = 0; start + tokens.size() <= words.size(); ++start) {
            std::size_t i = 0;
            while (i < tokens.size() && words[start + i].starts_with(tokens[i]))
                ++i;
            if (i == tokens.size())
                return true;
        }
        return false;
    }

    std::vector<Entry> m_entries;
};

} // namespace

class ProductSearchLarge : public ::testing::Test {
protected:
    // Built once: the catalog, the index and the reference are shared by the
    // tests below, which only read them.
    static void SetUpTestSuite()
    {
        s_entries = new std::vector<SearchEntry>(syntheticCatalog(100'000));
        s_index = new ProductSearchIndex(*s_entries);
        s_reference = new ReferenceSearch(*s_entries);
    }
    static void TearDownTestSuite()
    {
        delete s_reference;
        delete s_index;
        delete s_entries;
    }

    static const std::vector<SearchEntry>* s_entries;
    static const ProductSearchIndex* s_index;
    static const ReferenceSearch* s_reference;
};

const std::vector<SearchEntry>* ProductSearchLarge::s_entries = nullptr;
const ProductSearchIndex* ProductSearchLarge::s_index = nullptr;
const ReferenceSearch* ProductSearchLarge::s_reference = nullptr;

TEST_F(ProductSearchLarge, NameQueriesMatchTheReference)
{
    ASSERT_EQ(s_index->size(), s_entries->size());
    for (const char* query : {"b", "t", "banh", "tra xanh", "mat ong rung", "keo l", "ba vi", "phuc", "xuan dinh lac",
                              "lac xuan", "green tea", "g", "tea tan", "minh ngoc", "sen tay ho", "qu", "khô",
                              "Bánh đa Cự Đà", "hop 12", "500", "banh banh", "ba vi mat ong", "100g tra",
                              "rung mat", "d"}) {
        const auto found = s_index->search(query);
        EXPECT_EQ(found, s_reference->search(query, 50)) << query;
        EXPECT_FALSE(found.empty()) << query;
    }
    // Whole result sets, not just the top.
    for (const char* query : {"keo", "non la ha giang", "gom bat trang"})
        EXPECT_EQ(s_index->search(query, kAll), s_reference->search(query, kAll)) << query;
    EXPECT_TRUE(s_index->search("zzz").empty());
    EXPECT_TRUE(s_index->search("banh zzz").empty());
}

TEST_F(ProductSearchLarge, CodeAndDigitQueriesMatchTheReference)
{
    const std::vector<SearchEntry>& entries = *s_entries;
    std::vector<std::string> queries{"8", "89", "893", "8930", "89301", "0999", "12", "00012", "5", "100000",
                                     "ocop-0001", "OCOP-12345", "ocop 9", "1kg", "301 45"};
    for (std::size_t i = 5; i < entries.size(); i += 24'989) {
        queries.push_back(entries[i].gtin);
        queries.push_back("0" + entries[i].gtin);
        queries.push_back(entries[i].gtin.substr(0, 7));
        queries.push_back(entries[i].gtin.substr(5, 6));
        queries.push_back(entries[i].code);
    }
    for (const std::string& query : queries) {
        EXPECT_EQ(s_index->search(query), s_reference->search(query, 50)) << query;
        EXPECT_FALSE(s_index->search(query).empty()) << query;
    }
    for (const char* query : {"89301", "0999", "ocop-0001"})
        EXPECT_EQ(s_index->search(query, kAll), s_reference->search(query, kAll)) << query;
}

TEST_F(ProductSearchLarge, FindsEveryCodeAndGtin)
{
    const std::vector<SearchEntry>& entries = *s_entries;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const SearchEntry& e = entries[i];
        if (!e.active) {
            ASSERT_FALSE(s_index->findByCode(e.code).has_value()) << e.code;
            ASSERT_FALSE(s_index->findByCode(e.gtin).has_value()) << e.gtin;
            continue;
        }
        ASSERT_EQ(s_index->findByCode(e.code), i) << e.code;
        ASSERT_EQ(s_index->findByCode(e.gtin), i) << e.gtin;
        ASSERT_EQ(s_index->findByCode("0" + e.gtin), i) << e.gtin;
    }
}
