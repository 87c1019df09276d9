#include "core/text_fold.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace ocop {

namespace {

// What each Latin letter folds to, 16 code points per row so a row can be
// checked against the characters in its comment. Generated from the Unicode
// decompositions (the base letter of each NFD form), with letters that have
// no decomposition (đ, ø, ł, ı, ...) mapped by their name ("LATIN SMALL LETTER
// D WITH STROKE" -> d). Markers:
//   ' '  not a letter (× ÷): separates words
//   '*'  folds to two letters, see kMultiLetter
//   '='  a letter with no Latin base (ǝ, ʒ, ...): kept as it is
// Vietnamese uses Latin-1 (à á â ã è é ê ì í ò ó ô õ ù ú ý), Latin
// Extended-A (ă đ ĩ ũ), Extended-B (ơ ư) and Latin Extended Additional
// (ạ ả ấ ... ỹ); the rest of these blocks comes along at no cost.
constexpr char32_t kLatinFirst = 0x00C0;
constexpr std::string_view kLatin =
    "aaaaaa*ceeeeiiii" // U+00C0 À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï
    "dnooooo ouuuuy**" // U+00D0 Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß
    "aaaaaa*ceeeeiiii" // U+00E0 à á â ã ä å æ ç è é ê ë ì í î ï
    "dnooooo ouuuuy*y" // U+00F0 ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ
    "aaaaaaccccccccdd" // U+0100 Ā ā Ă ă Ą ą Ć ć Ĉ ĉ Ċ ċ Č č Ď ď
    "ddeeeeeeeeeegggg" // U+0110 Đ đ Ē ē Ĕ ĕ Ė ė Ę ę Ě ě Ĝ ĝ Ğ ğ
    "gggghhhhiiiiiiii" // U+0120 Ġ ġ Ģ ģ Ĥ ĥ Ħ ħ Ĩ ĩ Ī ī Ĭ ĭ Į į
    "ii**jjkkklllllll" // U+0130 İ ı Ĳ ĳ Ĵ ĵ Ķ ķ ĸ Ĺ ĺ Ļ ļ Ľ ľ Ŀ
    "lllnnnnnnnnnoooo" // U+0140 ŀ Ł ł Ń ń Ņ ņ Ň ň ŉ Ŋ ŋ Ō ō Ŏ ŏ
    "oo**rrrrrrssssss" // U+0150 Ő ő Œ œ Ŕ ŕ Ŗ ŗ Ř ř Ś ś Ŝ ŝ Ş ş
    "ssttttttuuuuuuuu" // U+0160 Š š Ţ ţ Ť ť Ŧ ŧ Ũ ũ Ū ū Ŭ ŭ Ů ů
    "uuuuwwyyyzzzzzzs" // U+0170 Ű ű Ų ų Ŵ ŵ Ŷ ŷ Ÿ Ź ź Ż ż Ž ž ſ
    "bbbb==occdddd=e=" // U+0180 ƀ Ɓ Ƃ ƃ Ƅ ƅ Ɔ Ƈ ƈ Ɖ Ɗ Ƌ ƌ ƍ Ǝ Ə
    "effg===ikkl==nno" // U+0190 Ɛ Ƒ ƒ Ɠ Ɣ ƕ Ɩ Ɨ Ƙ ƙ ƚ ƛ Ɯ Ɲ ƞ Ɵ
    "oo==pp=====ttttu" // U+01A0 Ơ ơ Ƣ ƣ Ƥ ƥ Ʀ Ƨ ƨ Ʃ ƪ ƫ Ƭ ƭ Ʈ Ư
    "u=vyyzz=========" // U+01B0 ư Ʊ Ʋ Ƴ ƴ Ƶ ƶ Ʒ Ƹ ƹ ƺ ƻ Ƽ ƽ ƾ ƿ
    "====*********aai" // U+01C0 ǀ ǁ ǂ ǃ Ǆ ǅ ǆ Ǉ ǈ ǉ Ǌ ǋ ǌ Ǎ ǎ Ǐ
    "ioouuuuuuuuuueaa" // U+01D0 ǐ Ǒ ǒ Ǔ ǔ Ǖ ǖ Ǘ ǘ Ǚ ǚ Ǜ ǜ ǝ Ǟ ǟ
    "aa**ggggkkoooo==" // U+01E0 Ǡ ǡ Ǣ ǣ Ǥ ǥ Ǧ ǧ Ǩ ǩ Ǫ ǫ Ǭ ǭ Ǯ ǯ
    "j***gg==nnaa**oo" // U+01F0 ǰ Ǳ ǲ ǳ Ǵ ǵ Ƕ Ƿ Ǹ ǹ Ǻ ǻ Ǽ ǽ Ǿ ǿ
    "aaaaeeeeiiiioooo" // U+0200 Ȁ ȁ Ȃ ȃ Ȅ ȅ Ȇ ȇ Ȉ ȉ Ȋ ȋ Ȍ ȍ Ȏ ȏ
    "rrrruuuusstt==hh" // U+0210 Ȑ ȑ Ȓ ȓ Ȕ ȕ Ȗ ȗ Ș ș Ț ț Ȝ ȝ Ȟ ȟ
    "nd==zzaaeeoooooo" // U+0220 Ƞ ȡ Ȣ ȣ Ȥ ȥ Ȧ ȧ Ȩ ȩ Ȫ ȫ Ȭ ȭ Ȯ ȯ
    "ooyylntj==acclts" // U+0230 Ȱ ȱ Ȳ ȳ ȴ ȵ ȶ ȷ ȸ ȹ Ⱥ Ȼ ȼ Ƚ Ⱦ ȿ
    "z==bu=eejj=qrryy" // U+0240 ɀ Ɂ ɂ Ƀ Ʉ Ʌ Ɇ ɇ Ɉ ɉ Ɋ ɋ Ɍ ɍ Ɏ ɏ
    ;

constexpr char32_t kLatinAdditionalFirst = 0x1E00;
constexpr std::string_view kLatinAdditional =
    "aabbbbbbccdddddd" // U+1E00 Ḁ ḁ Ḃ ḃ Ḅ ḅ Ḇ ḇ Ḉ ḉ Ḋ ḋ Ḍ ḍ Ḏ ḏ
    "ddddeeeeeeeeeeff" // U+1E10 Ḑ ḑ Ḓ ḓ Ḕ ḕ Ḗ ḗ Ḙ ḙ Ḛ ḛ Ḝ ḝ Ḟ ḟ
    "gghhhhhhhhhhiiii" // U+1E20 Ḡ ḡ Ḣ ḣ Ḥ ḥ Ḧ ḧ Ḩ ḩ Ḫ ḫ Ḭ ḭ Ḯ ḯ
    "kkkkkkllllllllmm" // U+1E30 Ḱ ḱ Ḳ ḳ Ḵ ḵ Ḷ ḷ Ḹ ḹ Ḻ ḻ Ḽ ḽ Ḿ ḿ
    "mmmmnnnnnnnnoooo" // U+1E40 Ṁ ṁ Ṃ ṃ Ṅ ṅ Ṇ ṇ Ṉ ṉ Ṋ ṋ Ṍ ṍ Ṏ ṏ
    "oooopppprrrrrrrr" // U+1E50 Ṑ ṑ Ṓ ṓ Ṕ ṕ Ṗ ṗ Ṙ ṙ Ṛ ṛ Ṝ ṝ Ṟ ṟ
    "sssssssssstttttt" // U+1E60 Ṡ ṡ Ṣ ṣ Ṥ ṥ Ṧ ṧ Ṩ ṩ Ṫ ṫ Ṭ ṭ Ṯ ṯ
    "ttuuuuuuuuuuvvvv" // U+1E70 Ṱ ṱ Ṳ ṳ Ṵ ṵ Ṷ ṷ Ṹ ṹ Ṻ ṻ Ṽ ṽ Ṿ ṿ
    "wwwwwwwwwwxxxxyy" // U+1E80 Ẁ ẁ Ẃ ẃ Ẅ ẅ Ẇ ẇ Ẉ ẉ Ẋ ẋ Ẍ ẍ Ẏ ẏ
    "zzzzzzhtwyasss*=" // U+1E90 Ẑ ẑ Ẓ ẓ Ẕ ẕ ẖ ẗ ẘ ẙ ẚ ẛ ẜ ẝ ẞ ẟ
    "aaaaaaaaaaaaaaaa" // U+1EA0 Ạ ạ Ả ả Ấ ấ Ầ ầ Ẩ ẩ Ẫ ẫ Ậ ậ Ắ ắ
    "aaaaaaaaeeeeeeee" // U+1EB0 Ằ ằ Ẳ ẳ Ẵ ẵ Ặ ặ Ẹ ẹ Ẻ ẻ Ẽ ẽ Ế ế
    "eeeeeeeeiiiioooo" // U+1EC0 Ề ề Ể ể Ễ ễ Ệ ệ Ỉ ỉ Ị ị Ọ ọ Ỏ ỏ
    "oooooooooooooooo" // U+1ED0 Ố ố Ồ ồ Ổ ổ Ỗ ỗ Ộ ộ Ớ ớ Ờ ờ Ở ở
    "oooouuuuuuuuuuuu" // U+1EE0 Ỡ ỡ Ợ ợ Ụ ụ Ủ ủ Ứ ứ Ừ ừ Ử ử Ữ ữ
    "uuyyyyyyyy**vvyy" // U+1EF0 Ự ự Ỳ ỳ Ỵ ỵ Ỷ ỷ Ỹ ỹ Ỻ ỻ Ỽ ỽ Ỿ ỿ
    ;

static_assert(kLatin.size() == 0x250 - kLatinFirst);
static_assert(kLatinAdditional.size() == 0x100);

struct MultiLetter {
    char32_t codePoint;
    std::string_view letters;
};
// Sorted by code point: the '*' entries of the tables above.
constexpr std::array<MultiLetter, 28> kMultiLetter{{
    {0x00C6, "ae"}, {0x00DE, "th"}, {0x00DF, "ss"}, {0x00E6, "ae"}, {0x00FE, "th"}, {0x0132, "ij"},
    {0x0133, "ij"}, {0x0152, "oe"}, {0x0153, "oe"}, {0x01C4, "dz"}, {0x01C5, "dz"}, {0x01C6, "dz"},
    {0x01C7, "lj"}, {0x01C8, "lj"}, {0x01C9, "lj"}, {0x01CA, "nj"}, {0x01CB, "nj"}, {0x01CC, "nj"},
    {0x01E2, "ae"}, {0x01E3, "ae"}, {0x01F1, "dz"}, {0x01F2, "dz"}, {0x01F3, "dz"}, {0x01FC, "ae"},
    {0x01FD, "ae"}, {0x1E9E, "ss"}, {0x1EFA, "ll"}, {0x1EFB, "ll"},
}};

std::string_view multiLetter(char32_t cp)
{
    const auto it = std::lower_bound(kMultiLetter.begin(), kMultiLetter.end(), cp,
                                     [](const MultiLetter& m, char32_t c) { return m.codePoint < c; });
    return it != kMultiLetter.end() && it->codePoint == cp ? it->letters : std::string_view{};
}

bool inRange(char32_t cp, char32_t first, char32_t last) { return cp >= first && cp <= last; }

// Marks that sit on a letter and carry no meaning for search: Vietnamese tone
// marks and vowel marks arrive this way in NFD text (U+0300 grave, U+0301
// acute, U+0303 tilde, U+0309 hook above, U+0323 dot below, U+0302
// circumflex, U+0306 breve, U+031B horn). Invisible format characters go the
// same way: a zero-width joiner inside a word must not split it.
bool isIgnorable(char32_t cp)
{
    return inRange(cp, 0x0300, 0x036F)     // combining diacritical marks
           || inRange(cp, 0x1AB0, 0x1AFF)  // ... extended
           || inRange(cp, 0x1DC0, 0x1DFF)  // ... supplement
           || inRange(cp, 0x20D0, 0x20FF)  // ... for symbols
           || inRange(cp, 0xFE20, 0xFE2F)  // combining half marks
           || cp == 0x00AD                 // soft hyphen
           || inRange(cp, 0x200B, 0x200F)  // zero-width space/joiners, LRM, RLM
           || inRange(cp, 0x202A, 0x202E)  // bidi embeddings and overrides
           || inRange(cp, 0x2060, 0x206F)  // word joiner, invisible operators, bidi isolates
           || inRange(cp, 0xFE00, 0xFE0F)  // variation selectors
           || cp == 0xFEFF                 // byte order mark
           || inRange(cp, 0xE0000, 0xE0FFF); // tags, variation selectors supplement
}

// Punctuation, symbols, spaces and controls outside ASCII: they separate
// words ("Mật ong–rừng", "500 ml™", "№ 5"). Letters of other scripts are not
// listed, so they stay word characters.
bool isSeparator(char32_t cp)
{
    return inRange(cp, 0x0080, 0x00BF)     // C1 controls, no-break space, Latin-1 punctuation
           || inRange(cp, 0x02B0, 0x02FF)  // spacing modifiers (ʼ ˆ ˜)
           || inRange(cp, 0x2000, 0x2BFF)  // general punctuation ... arrows, shapes, dingbats
           || inRange(cp, 0x2E00, 0x2E7F)  // supplemental punctuation
           || inRange(cp, 0x3000, 0x303F)  // CJK symbols and punctuation, ideographic space
           || inRange(cp, 0xE000, 0xF8FF)  // private use
           || inRange(cp, 0xFE10, 0xFE1F)  // vertical forms
           || inRange(cp, 0xFE30, 0xFE6F)  // CJK compatibility and small forms
           || inRange(cp, 0xFF00, 0xFF65)  // fullwidth/halfwidth punctuation
           || inRange(cp, 0xFFE0, 0xFFFF)  // fullwidth symbols, specials (U+FFFD)
           || inRange(cp, 0x1F000, 0x1FAFF); // emoji, playing cards, pictographs
}

// Decodes one well-formed UTF-8 sequence at the start of s. Returns its
// length, or 0 when s does not start one (a stray continuation byte, a
// truncated sequence, an overlong form, a surrogate or a value past
// U+10FFFF); the caller then skips a single byte and resynchronises.
std::size_t decodeUtf8(std::string_view s, char32_t& cp)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        cp = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        cp = lead & 0x0F;
        if (lead == 0xE0)
            low = 0xA0; // overlong below U+0800
        else if (lead == 0xED)
            high = 0x9F; // UTF-16 surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        cp = lead & 0x07;
        if (lead == 0xF0)
            low = 0x90; // overlong below U+10000
        else if (lead == 0xF4)
            high = 0x8F; // past U+10FFFF
    } else {
        return 0;
    }
    if (s.size() < length)
        return 0;
    for (std::size_t i = 1; i < length; ++i) {
        const unsigned char b = byte(i);
        if (i == 1 ? (b < low || b > high) : (b < 0x80 || b > 0xBF))
            return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    return length;
}

// Appends folded output, inserting one space between words however many
// separators stood between them in the input.
class FoldedWriter {
public:
    explicit FoldedWriter(std::string& out) : m_out(out) {}

    void wordChars(std::string_view chars)
    {
        if (m_pendingSeparator && !m_out.empty())
            m_out.push_back(' ');
        m_pendingSeparator = false;
        m_out.append(chars);
    }
    void wordChar(char c) { wordChars(std::string_view(&c, 1)); }
    void separator() { m_pendingSeparator = true; }

private:
    std::string& m_out;
    bool m_pendingSeparator = false;
};

void foldAscii(char c, FoldedWriter& out)
{
    if (c >= 'A' && c <= 'Z')
        out.wordChar(static_cast<char>(c - 'A' + 'a'));
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        out.wordChar(c);
    else
        out.separator();
}

void foldFromTable(char folded, char32_t cp, std::string_view original, FoldedWriter& out)
{
    switch (folded) {
    case ' ': out.separator(); break;
    case '*': out.wordChars(multiLetter(cp)); break;
    case '=': out.wordChars(original); break;
    default: out.wordChar(folded); break;
    }
}

// Folds one decoded non-ASCII code point; `original` is its UTF-8 bytes.
void foldCodePoint(char32_t cp, std::string_view original, FoldedWriter& out)
{
    if (cp >= kLatinFirst && cp < kLatinFirst + kLatin.size())
        foldFromTable(kLatin[cp - kLatinFirst], cp, original, out);
    else if (cp >= kLatinAdditionalFirst && cp < kLatinAdditionalFirst + kLatinAdditional.size())
        foldFromTable(kLatinAdditional[cp - kLatinAdditionalFirst], cp, original, out);
    else if (isIgnorable(cp))
        return;
    else if (inRange(cp, 0xFF01, 0xFF5E)) // fullwidth ASCII, as East Asian IMEs type it
        foldAscii(static_cast<char>(cp - 0xFF01 + 0x21), out);
    else if (isSeparator(cp))
        out.separator();
    else
        out.wordChars(original);
}

} // namespace

std::string foldForSearch(std::string_view utf8)
{
    std::string folded;
    folded.reserve(utf8.size());
    FoldedWriter out(folded);
    std::size_t i = 0;
    while (i < utf8.size()) {
        const char c = utf8[i];
        if (static_cast<unsigned char>(c) < 0x80) {
            foldAscii(c, out);
            ++i;
            continue;
        }
        char32_t cp = 0;
        const std::size_t length = decodeUtf8(utf8.substr(i), cp);
        if (length == 0) {
            ++i; // not UTF-8: drop the byte, as if it were not there
            continue;
        }
        foldCodePoint(cp, utf8.substr(i, length), out);
        i += length;
    }
    return folded;
}

std::vector<std::string> searchTokens(std::string_view utf8)
{
    const std::string folded = foldForSearch(utf8);
    std::vector<std::string> tokens;
    std::size_t start = 0;
    while (start < folded.size()) {
        std::size_t end = folded.find(' ', start);
        if (end == std::string::npos)
            end = folded.size();
        tokens.emplace_back(folded, start, end - start);
        start = end + 1;
    }
    return tokens;
}

} // namespace ocop
