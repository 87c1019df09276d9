#include "core/text_fold.h"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

using namespace ocop;

namespace {

// The Vietnamese vowels, each with its six tones in the order: none, sắc
// (acute), huyền (grave), hỏi (hook above), ngã (tilde), nặng (dot below).
// Written out as precomposed (NFC) letters, independently of the folding
// table, and rebuilt below from ASCII and combining marks for NFD.
struct Vowel {
    char base;                  // ASCII letter it folds to
    std::string_view vowelMark; // combining breve/circumflex/horn, or empty
    std::string_view lower;     // six precomposed lowercase letters
    std::string_view upper;     // the same, uppercase
};

constexpr std::string_view kBreve = "\u0306";
constexpr std::string_view kCircumflex = "\u0302";
constexpr std::string_view kHorn = "\u031B";

constexpr std::array<Vowel, 12> kVowels{{
    {'a', "", "a á à ả ã ạ", "A Á À Ả Ã Ạ"},
    {'a', kBreve, "ă ắ ằ ẳ ẵ ặ", "Ă Ắ Ằ Ẳ Ẵ Ặ"},
    {'a', kCircumflex, "â ấ ầ ẩ ẫ ậ", "Â Ấ Ầ Ẩ Ẫ Ậ"},
    {'e', "", "e é è ẻ ẽ ẹ", "E É È Ẻ Ẽ Ẹ"},
    {'e', kCircumflex, "ê ế ề ể ễ ệ", "Ê Ế Ề Ể Ễ Ệ"},
    {'i', "", "i í ì ỉ ĩ ị", "I Í Ì Ỉ Ĩ Ị"},
    {'o', "", "o ó ò ỏ õ ọ", "O Ó Ò Ỏ Õ Ọ"},
    {'o', kCircumflex, "ô ố ồ ổ ỗ ộ", "Ô Ố Ồ Ổ Ỗ Ộ"},
    {'o', kHorn, "ơ ớ ờ ở ỡ ợ", "Ơ Ớ Ờ Ở Ỡ Ợ"},
    {'u', "", "u ú ù ủ ũ ụ", "U Ú Ù Ủ Ũ Ụ"},
    {'u', kHorn, "ư ứ ừ ử ữ ự", "Ư Ứ Ừ Ử Ữ Ự"},
    {'y', "", "y ý ỳ ỷ ỹ ỵ", "Y Ý Ỳ Ỷ Ỹ Ỵ"},
}};

// Combining tone marks, in the tone order of kVowels; none for the first.
constexpr std::array<std::string_view, 6> kToneMarks{"", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"};

std::vector<std::string> splitSpaces(std::string_view s)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= s.size()) {
        const std::size_t end = std::min(s.find(' ', start), s.size());
        parts.emplace_back(s.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

char upperAscii(char c) { return static_cast<char>(c - 'a' + 'A'); }

} // namespace

TEST(TextFold, TheVowelTableIsComplete)
{
    for (const Vowel& v : kVowels) {
        EXPECT_EQ(splitSpaces(v.lower).size(), kToneMarks.size()) << v.lower;
        EXPECT_EQ(splitSpaces(v.upper).size(), kToneMarks.size()) << v.upper;
    }
}

TEST(TextFold, EveryPrecomposedVietnameseVowelWithEveryToneFoldsToItsBase)
{
    int checked = 0;
    for (const Vowel& v : kVowels) {
        for (const std::string& letter : splitSpaces(v.lower)) {
            EXPECT_EQ(foldForSearch(letter), std::string(1, v.base)) << letter;
            ++checked;
        }
        for (const std::string& letter : splitSpaces(v.upper)) {
            EXPECT_EQ(foldForSearch(letter), std::string(1, v.base)) << letter;
            ++checked;
        }
    }
    EXPECT_EQ(checked, 12 * 6 * 2);
}

TEST(TextFold, EveryDecomposedVietnameseVowelWithEveryToneFoldsToItsBase)
{
    for (const Vowel& v : kVowels) {
        for (const char base : {v.base, upperAscii(v.base)}) {
            for (const std::string_view tone : kToneMarks) {
                // Canonical (NFD) order puts the dot below (class 220) before
                // the breve, circumflex or horn (230 and 216); keyboards and
                // old converters emit either order, so test both.
                const std::string markThenTone = std::string(1, base) + std::string(v.vowelMark) + std::string(tone);
                const std::string toneThenMark = std::string(1, base) + std::string(tone) + std::string(v.vowelMark);
                EXPECT_EQ(foldForSearch(markThenTone), std::string(1, v.base)) << markThenTone;
                EXPECT_EQ(foldForSearch(toneThenMark), std::string(1, v.base)) << toneThenMark;
            }
        }
    }
}

TEST(TextFold, PrecomposedVowelMarkWithCombiningToneFoldsToItsBase)
{
    // Some input methods compose ă, â, ê, ô, ơ, ư but add the tone as a
    // combining mark.
    for (const Vowel& v : kVowels) {
        const std::string bare = splitSpaces(v.lower).front();
        const std::string bareUpper = splitSpaces(v.upper).front();
        for (const std::string_view tone : kToneMarks) {
            EXPECT_EQ(foldForSearch(bare + std::string(tone)), std::string(1, v.base));
            EXPECT_EQ(foldForSearch(bareUpper + std::string(tone)), std::string(1, v.base));
        }
    }
}

TEST(TextFold, WholeWordsInNfcAndNfdFoldAlike)
{
    const std::string expected = "banh keo lac xuan dinh";
    EXPECT_EQ(foldForSearch("Bánh kẹo lạc Xuân Đỉnh"), expected);
    // The same words decomposed: a + U+0301, e + U+0323, a + U+0323,
    // a + U+0302, i + U+0309.
    EXPECT_EQ(foldForSearch("Ba\u0301nh ke\u0323o la\u0323c Xua\u0302n \u0110i\u0309nh"), expected);
    EXPECT_EQ(foldForSearch("Nước mắm Vạn Phần"), "nuoc mam van phan");
    EXPECT_EQ(foldForSearch("Nu\u031Bo\u031B\u0301c ma\u0306\u0301m"), "nuoc mam");
    EXPECT_EQ(foldForSearch("Gạo nếp cái hoa vàng"), "gao nep cai hoa vang");
    EXPECT_EQ(foldForSearch("Chè Shan tuyết cổ thụ Hà Giang"), "che shan tuyet co thu ha giang");
    EXPECT_EQ(foldForSearch("Rượu ngô Bắc Hà"), "ruou ngo bac ha");
    EXPECT_EQ(foldForSearch("Kỹ thuật ỷ lại Ỵ"), "ky thuat y lai y");
}

TEST(TextFold, DWithStrokeFoldsToD)
{
    EXPECT_EQ(foldForSearch("đ"), "d");
    EXPECT_EQ(foldForSearch("Đ"), "d");
    EXPECT_EQ(foldForSearch("Đậu phụ đỗ đen"), "dau phu do den");
    // Ð (U+00D0, Icelandic eth) is what old Vietnamese encodings and some
    // fonts produce for Đ.
    EXPECT_EQ(foldForSearch("\u00D0\u1EA1i"), "dai");
}

TEST(TextFold, LowercasesMixedCase)
{
    EXPECT_EQ(foldForSearch("MậT oNg RỪNG"), "mat ong rung");
    EXPECT_EQ(foldForSearch("TRÀ XANH TÂN CƯƠNG"), "tra xanh tan cuong");
    EXPECT_EQ(foldForSearch("OCOP-00012"), "ocop 00012");
}

TEST(TextFold, PunctuationSeparatesAndCollapses)
{
    EXPECT_EQ(foldForSearch("Mật ong - rừng (Ba Vì), 500ml!!"), "mat ong rung ba vi 500ml");
    EXPECT_EQ(foldForSearch("  \t Trà\n\nsen  "), "tra sen");
    EXPECT_EQ(foldForSearch("Trà\u2013sen \u201CTây Hồ\u201D\u2026 100\u00A0g \u2022 50.000\u20AB"),
              "tra sen tay ho 100 g 50 000");
    EXPECT_EQ(foldForSearch("gốm\u3000Bát\u00B7Tràng\u2122"), "gom bat trang");
    EXPECT_EQ(foldForSearch("Quà tặng 🎁 Tết"), "qua tang tet");
    EXPECT_EQ(foldForSearch("a/b_c+d"), "a b c d");
    EXPECT_EQ(foldForSearch("3×4 ÷ 2"), "3 4 2");
    EXPECT_EQ(foldForSearch(""), "");
    EXPECT_EQ(foldForSearch(" -- ,. !"), "");
}

TEST(TextFold, InvisibleCharactersDoNotSplitWords)
{
    EXPECT_EQ(foldForSearch("\xEF\xBB\xBF" "Bánh"), "banh");      // byte order mark
    EXPECT_EQ(foldForSearch("bánh\u00ADkẹo"), "banhkeo");           // soft hyphen
    EXPECT_EQ(foldForSearch("b\u200Dánh"), "banh");                 // zero-width joiner
    EXPECT_EQ(foldForSearch("tra\uFE0F xanh"), "tra xanh");          // variation selector
}

TEST(TextFold, InvalidUtf8BytesAreSkipped)
{
    EXPECT_EQ(foldForSearch("B\xE1nh"), "bnh");              // Latin-1 á is not UTF-8
    EXPECT_EQ(foldForSearch("ba\xFFnh keo"), "banh keo");   // never valid
    EXPECT_EQ(foldForSearch("\x80\xBF" "tra"), "tra");      // stray continuation bytes
    EXPECT_EQ(foldForSearch("tr\xC3"), "tr");               // truncated at the end
    EXPECT_EQ(foldForSearch("tr\xE1\xBA"), "tr");           // truncated three-byte sequence
    EXPECT_EQ(foldForSearch("a\xC0\xAF" "b"), "ab");        // overlong '/'
    EXPECT_EQ(foldForSearch("a\xE0\x80\xAF" "b"), "ab");    // overlong, three bytes
    EXPECT_EQ(foldForSearch("a\xED\xA0\x80" "b"), "ab");    // UTF-16 surrogate
    EXPECT_EQ(foldForSearch("a\xF4\x90\x80\x80" "b"), "ab"); // past U+10FFFF
    EXPECT_EQ(foldForSearch("Tr\xFF\xC3\xA0"), "tra");      // valid à right after a bad byte
    EXPECT_EQ(foldForSearch(std::string_view("tr\0a", 4)), "tr a"); // NUL is a control, not an end
}

TEST(TextFold, OtherLatinLettersAndLigatures)
{
    EXPECT_EQ(foldForSearch("Œuvre Straße Æsir"), "oeuvre strasse aesir");
    EXPECT_EQ(foldForSearch("Ñandú Çà Øre Łódź"), "nandu ca ore lodz");
    EXPECT_EQ(foldForSearch("ḀḁẞỸỹ"), "aassyy");
}

TEST(TextFold, FullwidthAsciiFoldsLikeAscii)
{
    EXPECT_EQ(foldForSearch("ＯＣＯＰ－００１２"), "ocop 0012");
}

TEST(TextFold, OtherScriptsAreKeptAsWordCharacters)
{
    EXPECT_EQ(foldForSearch("Trà 茶 (ชา)"), "tra 茶 ชา");
    EXPECT_EQ(foldForSearch("Мёд"), "Мёд");
}

TEST(TextFold, FoldingIsIdempotent)
{
    for (const std::string_view text : {"Bánh kẹo lạc Xuân Đỉnh", "Mật ong - rừng (Ba Vì)", "Trà 茶", "ＯＣＯＰ"}) {
        const std::string once = foldForSearch(text);
        EXPECT_EQ(foldForSearch(once), once) << text;
    }
}

TEST(TextFold, SearchTokensAreTheFoldedWords)
{
    EXPECT_EQ(searchTokens("  Bánh-kẹo,lạc  Xuân Đỉnh "),
              (std::vector<std::string>{"banh", "keo", "lac", "xuan", "dinh"}));
    EXPECT_EQ(searchTokens("OCOP-00012"), (std::vector<std::string>{"ocop", "00012"}));
    EXPECT_TRUE(searchTokens("").empty());
    EXPECT_TRUE(searchTokens(" \t--- ").empty());
    EXPECT_EQ(searchTokens("x"), (std::vector<std::string>{"x"}));
}
