#include "core/demo_catalog.h"

#include "core/errors.h"
#include "core/gtin.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <numeric>
#include <span>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace ocop {

namespace {

// ===================================================================== chance
// Our own generator, shuffle and range helpers rather than <random>'s
// distributions or std::shuffle: those are implementation-defined, and the
// same seed must give byte-identical catalogs with every standard library.

constexpr std::uint64_t mix64(std::uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// splitmix64. Each concern draws from its own stream so that, say, a new
// variant in a table changes names but leaves stock levels and stars alone.
// Take at most one draw per expression (or name the draws first): the order
// in which the operands of `a + b` are evaluated differs between compilers.
class Rng {
public:
    Rng(std::uint64_t seed, std::uint64_t stream) : state_(mix64(seed) ^ mix64(stream * 0x9e3779b97f4a7c15ULL)) {}

    std::uint64_t next()
    {
        state_ += 0x9e3779b97f4a7c15ULL;
        return mix64(state_);
    }
    // n > 0. The modulo bias (< n / 2^64) is far below anything a demo shows.
    std::uint64_t below(std::uint64_t n) { return next() % n; }
    std::int64_t between(std::int64_t lo, std::int64_t hi)
    {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
    }
    bool percent(int p) { return below(100) < static_cast<std::uint64_t>(p); }
    template <class T>
    const T& pick(std::span<const T> items) { return items[below(items.size())]; }
    template <class T>
    void shuffle(std::vector<T>& v) // Fisher-Yates
    {
        for (std::size_t i = v.size(); i > 1; --i)
            std::swap(v[i - 1], v[below(i)]);
    }

private:
    std::uint64_t state_;
};

// New streams go at the end: renumbering one would reshuffle its data.
enum Stream : std::uint64_t { kStructure = 1, kNaming, kContent, kStars, kCertificates, kStock, kPoints, kGtin, kDecisions };

// Largest-remainder (Hamilton) apportionment: the parts add up to `total`
// exactly and each is within one of its exact share, which is what lets 1054
// reproduce the published figures and any other count keep them in proportion.
// Ties go to the earlier index so the result never depends on sort stability.
std::vector<std::size_t> apportion(std::size_t total, std::span<const std::uint64_t> weights)
{
    const std::uint64_t sum = std::accumulate(weights.begin(), weights.end(), std::uint64_t{0});
    std::vector<std::size_t> parts(weights.size(), 0);
    if (sum == 0 || total == 0)
        return parts;
    std::vector<std::uint64_t> remainder(weights.size());
    std::size_t given = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        parts[i] = static_cast<std::size_t>(total * weights[i] / sum);
        remainder[i] = total * weights[i] % sum;
        given += parts[i];
    }
    std::vector<std::size_t> order(weights.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return remainder[a] != remainder[b] ? remainder[a] > remainder[b] : a < b;
    });
    for (std::size_t k = 0; given < total; ++k, ++given)
        parts[order[k % order.size()]] += 1;
    return parts;
}

// published * n / 1054, rounded half up.
std::size_t scaled(std::size_t published, std::size_t productCount)
{
    return (2 * published * productCount + kDemoPublishedProducts) / (2 * kDemoPublishedProducts);
}

std::string zeroPadded(std::size_t value, int width)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0*zu", width, value);
    return buf;
}

// ============================================================ published data
// Hanoi, late 2021 (Sở NN&PTNT Hà Nội). The stars then were 731 three-star,
// 306 four-star and 17 four-star proposed as potential five-star; five-star
// ratings only began in 2022, so 8 of the 306 appear here as since re-rated.

struct GroupSpec {
    LegacyGroup group;
    std::uint64_t published; // products in 2021
    // Realistic price band of the group; the item tables aim inside it and
    // the band catches variant multipliers that overshoot.
    Money minPrice;
    Money maxPrice;
};
constexpr std::array<GroupSpec, 5> kGroupSpecs{{
    {LegacyGroup::Food, 691, 35'000, 450'000},
    {LegacyGroup::Drinks, 30, 30'000, 1'500'000},
    {LegacyGroup::Herbal, 7, 50'000, 800'000},
    {LegacyGroup::Textile, 27, 40'000, 5'000'000},
    {LegacyGroup::SouvenirFurniture, 299, 25'000, 8'000'000},
}};

constexpr std::array<ProducerKind, 3> kKinds{ProducerKind::Enterprise, ProducerKind::Cooperative, ProducerKind::Household};
constexpr std::array<std::uint64_t, 3> kPublishedKinds{72, 82, 101};

enum StarTier : std::size_t { kThree, kFour, kPotentialFive, kFive };
constexpr std::array<std::uint64_t, 4> kStarWeights{731, 306 - 8, 17, 8};

// ================================================================= districts

struct District {
    std::string_view name;
    std::string_view kind; // "quận", "thị xã" or "huyện": how addresses and issuers write it
    std::string_view code; // sales point prefix; initials, lengthened where two districts share them
    std::array<std::string_view, 2> streets; // "<street>, <ward or commune>" for point addresses
};

// Hanoi's 12 urban districts, 1 town and 17 rural districts, in official order.
constexpr std::array<District, 30> kDistricts{{
    {"Ba Đình", "quận", "BD", {"phố Phan Đình Phùng, phường Quán Thánh", "phố Đội Cấn, phường Đội Cấn"}},
    {"Hoàn Kiếm", "quận", "HK", {"phố Hàng Gai, phường Hàng Gai", "phố Đinh Tiên Hoàng, phường Hàng Trống"}},
    {"Tây Hồ", "quận", "TH", {"phố Đặng Thai Mai, phường Quảng An", "đường Âu Cơ, phường Nhật Tân"}},
    {"Long Biên", "quận", "LB", {"đường Nguyễn Văn Cừ, phường Ngọc Lâm", "phố Ngọc Thụy, phường Ngọc Thụy"}},
    {"Cầu Giấy", "quận", "CG", {"phố Trần Thái Tông, phường Dịch Vọng Hậu", "đường Cầu Giấy, phường Quan Hoa"}},
    {"Đống Đa", "quận", "DD", {"phố Tây Sơn, phường Quang Trung", "phố Chùa Bộc, phường Trung Liệt"}},
    {"Hai Bà Trưng", "quận", "HBT", {"phố Bà Triệu, phường Lê Đại Hành", "phố Minh Khai, phường Minh Khai"}},
    {"Hoàng Mai", "quận", "HM", {"phố Định Công, phường Định Công", "đường Giải Phóng, phường Hoàng Liệt"}},
    {"Thanh Xuân", "quận", "TX", {"đường Nguyễn Trãi, phường Thượng Đình", "phố Khương Đình, phường Hạ Đình"}},
    {"Nam Từ Liêm", "quận", "NTL", {"đường Lê Quang Đạo, phường Phú Đô", "đường Hồ Tùng Mậu, phường Cầu Diễn"}},
    {"Bắc Từ Liêm", "quận", "BTL", {"phố Phú Diễn, phường Phú Diễn", "đường Phạm Văn Đồng, phường Cổ Nhuế 1"}},
    {"Hà Đông", "quận", "HD", {"phố Vạn Phúc, phường Vạn Phúc", "đường Quang Trung, phường Quang Trung"}},
    {"Sơn Tây", "thị xã", "ST", {"phố Quang Trung, phường Quang Trung", "phố Lê Lợi, phường Lê Lợi"}},
    {"Ba Vì", "huyện", "BV", {"Quốc lộ 32, thị trấn Tây Đằng", "tỉnh lộ 87, xã Tản Lĩnh"}},
    {"Phúc Thọ", "huyện", "PT", {"Quốc lộ 32, thị trấn Phúc Thọ", "tỉnh lộ 417, xã Võng Xuyên"}},
    {"Đan Phượng", "huyện", "DP", {"Quốc lộ 32, thị trấn Phùng", "tỉnh lộ 417, xã Đan Phượng"}},
    {"Hoài Đức", "huyện", "HDU", {"Quốc lộ 32, thị trấn Trạm Trôi", "tỉnh lộ 422, xã Sơn Đồng"}},
    {"Quốc Oai", "huyện", "QO", {"phố Huyện, thị trấn Quốc Oai", "tỉnh lộ 421B, xã Đại Thành"}},
    {"Thạch Thất", "huyện", "TTH", {"tỉnh lộ 420, thị trấn Liên Quan", "tỉnh lộ 419, xã Chàng Sơn"}},
    {"Chương Mỹ", "huyện", "CM", {"Quốc lộ 6, thị trấn Chúc Sơn", "Quốc lộ 6, xã Phú Nghĩa"}},
    {"Thanh Oai", "huyện", "TO", {"Quốc lộ 21B, thị trấn Kim Bài", "Quốc lộ 21B, xã Phương Trung"}},
    {"Thường Tín", "huyện", "TTN", {"Quốc lộ 1A, thị trấn Thường Tín", "Quốc lộ 1A, xã Vạn Điểm"}},
    {"Phú Xuyên", "huyện", "PX", {"Quốc lộ 1A, thị trấn Phú Xuyên", "tỉnh lộ 428, xã Chuyên Mỹ"}},
    {"Ứng Hòa", "huyện", "UH", {"Quốc lộ 21B, thị trấn Vân Đình", "tỉnh lộ 429, xã Quảng Phú Cầu"}},
    {"Mỹ Đức", "huyện", "MD", {"tỉnh lộ 419, thị trấn Đại Nghĩa", "tỉnh lộ 419, xã Hương Sơn"}},
    {"Mê Linh", "huyện", "ML", {"Quốc lộ 23, thị trấn Chi Đông", "Quốc lộ 23, xã Mê Linh"}},
    {"Sóc Sơn", "huyện", "SS", {"Quốc lộ 3, thị trấn Sóc Sơn", "đường Đền Sóc, xã Phù Linh"}},
    {"Đông Anh", "huyện", "DA", {"đường Cao Lỗ, thị trấn Đông Anh", "đường Cổ Loa, xã Cổ Loa"}},
    {"Gia Lâm", "huyện", "GL", {"đường Bát Tràng, xã Bát Tràng", "đường Ngô Xuân Quảng, thị trấn Trâu Quỳ"}},
    {"Thanh Trì", "huyện", "TTR", {"đường Ngọc Hồi, thị trấn Văn Điển", "đường Ngũ Hiệp, xã Ngũ Hiệp"}},
}};

// Where the 5 points beyond one-per-district opened (the demo terminal's
// Hoàn Kiếm first, then the craft-village and tourist districts); further
// points at larger scales cycle through these, then the rest.
constexpr std::array<std::string_view, 5> kBusyDistricts{"Hoàn Kiếm", "Gia Lâm", "Hà Đông", "Ba Vì", "Long Biên"};

std::size_t districtIndex(std::string_view name)
{
    for (std::size_t i = 0; i < kDistricts.size(); ++i)
        if (kDistricts[i].name == name)
            return i;
    throw std::logic_error("demo catalog: unknown district " + std::string(name));
}

// ================================================================== variants
// A variant is the packaging, weight, size or finish that turns a speciality
// into a shelf item; pricePct scales the item's base price (100 = the base).

struct Variant {
    std::string_view vi;
    std::string_view en;
    std::string_view unit;
    int pricePct;
};

constexpr Variant kCakeBox[] = {
    {"hộp 6 chiếc", "box of 6", "hộp", 100},
    {"hộp 10 chiếc", "box of 10", "hộp", 160},
    {"hộp quà 20 chiếc", "gift box of 20", "hộp", 300},
    {"túi 500g", "500 g bag", "túi", 130},
};
constexpr Variant kDryPack[] = {
    {"gói 250g", "250 g pack", "gói", 55},
    {"gói 500g", "500 g pack", "gói", 100},
    {"túi 1kg", "1 kg bag", "túi", 190},
    {"hộp quà 500g", "500 g gift box", "hộp", 125},
};
constexpr Variant kSweetBox[] = {
    {"hộp 200g", "200 g box", "hộp", 100},
    {"hộp 500g", "500 g box", "hộp", 230},
    {"hộp quà 1kg", "1 kg gift box", "hộp", 440},
};
constexpr Variant kRoll[] = {
    {"cây 500g", "500 g roll", "cây", 100},
    {"cây 1kg", "1 kg roll", "cây", 195},
    {"hộp 300g", "300 g box", "hộp", 62},
};
constexpr Variant kNoodle[] = {
    {"gói 500g", "500 g pack", "gói", 100},
    {"túi 1kg", "1 kg bag", "túi", 190},
    {"túi 2kg", "2 kg bag", "túi", 370},
    {"hộp quà 1kg", "1 kg gift box", "hộp", 220},
};
constexpr Variant kRice[] = {
    {"túi 1kg", "1 kg bag", "túi", 100},
    {"túi 2kg", "2 kg bag", "túi", 195},
    {"túi 5kg", "5 kg bag", "túi", 470},
    {"hộp quà 2kg", "2 kg gift box", "hộp", 240},
};
constexpr Variant kPomelo[] = {
    {"quả loại 1", "grade 1, per fruit", "quả", 100},
    {"quả loại đặc biệt", "premium, per fruit", "quả", 140},
    {"hộp quà 2 quả", "gift box of 2", "hộp", 230},
    {"hộp quà 4 quả", "gift box of 4", "hộp", 440},
};
constexpr Variant kFruitKg[] = {
    {"loại 1", "grade 1", "kg", 100},
    {"loại đặc biệt", "premium grade", "kg", 140},
    {"hộp quà 2kg", "2 kg gift box", "hộp", 230},
    {"thùng 5kg", "5 kg crate", "thùng", 460},
};
constexpr Variant kTea[] = {
    {"hộp 100g", "100 g box", "hộp", 100},
    {"gói 200g", "200 g pack", "gói", 185},
    {"hộp quà 250g", "250 g gift box", "hộp", 260},
    {"hộp 25 túi lọc", "box of 25 tea bags", "hộp", 80},
};
constexpr Variant kLotusTea[] = {
    {"hộp 50g", "50 g box", "hộp", 100},
    {"hộp 100g", "100 g box", "hộp", 180},
    {"hộp quà 100g", "100 g gift box", "hộp", 195},
};
constexpr Variant kHoney[] = {
    {"chai 250ml", "250 ml bottle", "chai", 55},
    {"chai 500ml", "500 ml bottle", "chai", 100},
    {"hũ 1 lít", "1 litre jar", "hũ", 190},
};
constexpr Variant kSauce[] = {
    {"chai 500ml", "500 ml bottle", "chai", 100},
    {"chai 1 lít", "1 litre bottle", "chai", 185},
    {"hộp quà 2 chai", "gift box of 2 bottles", "hộp", 230},
};
constexpr Variant kDairy[] = {
    {"hộp 250g", "250 g box", "hộp", 100},
    {"hộp 500g", "500 g box", "hộp", 190},
    {"hộp quà 1kg", "1 kg gift box", "hộp", 370},
};
constexpr Variant kYoghurt[] = {
    {"lốc 4 hũ", "pack of 4 pots", "lốc", 100},
    {"lốc 8 hũ", "pack of 8 pots", "lốc", 195},
    {"thùng 24 hũ", "case of 24 pots", "thùng", 560},
};
constexpr Variant kChung[] = {
    {"chiếc 1kg", "1 kg cake", "chiếc", 100},
    {"chiếc 500g", "500 g cake", "chiếc", 55},
    {"hộp quà 2 chiếc 1kg", "gift box of 2 × 1 kg", "hộp", 215},
};
constexpr Variant kBagOf[] = {
    {"túi 10 chiếc", "bag of 10", "túi", 100},
    {"túi 15 chiếc", "bag of 15", "túi", 145},
    {"túi 20 chiếc", "bag of 20", "túi", 190},
    {"túi 30 chiếc", "bag of 30", "túi", 280},
};
constexpr Variant kChicken[] = {
    {"nguyên con 1,5kg", "whole bird, 1.5 kg", "con", 100},
    {"nguyên con 2kg", "whole bird, 2 kg", "con", 130},
    {"nửa con", "half bird", "phần", 52},
};
constexpr Variant kWine[] = {
    {"chai 500ml", "500 ml bottle", "chai", 100},
    {"chai 750ml", "750 ml bottle", "chai", 145},
    {"bình gốm 2 lít", "2 litre ceramic jar", "bình", 420},
    {"hộp quà 2 chai 500ml", "gift box of 2 × 500 ml", "hộp", 240},
};
constexpr Variant kMilk[] = {
    {"chai 1 lít", "1 litre bottle", "chai", 100},
    {"lốc 4 hộp 180ml", "pack of 4 × 180 ml", "lốc", 90},
    {"thùng 48 hộp 180ml", "case of 48 × 180 ml", "thùng", 1000},
};
constexpr Variant kHerbal[] = {
    {"lọ 100g", "100 g jar", "lọ", 100},
    {"hộp 20 gói", "box of 20 sachets", "hộp", 120},
    {"túi 500g", "500 g bag", "túi", 300},
};
constexpr Variant kBath[] = {
    {"gói 500g", "500 g pack", "gói", 100},
    {"chai 500ml", "500 ml bottle", "chai", 130},
    {"hộp 10 gói", "box of 10 packs", "hộp", 250},
};
constexpr Variant kScarf[] = {
    {"màu xanh ngọc", "jade green", "chiếc", 100},
    {"màu đỏ đô", "burgundy", "chiếc", 100},
    {"màu vàng chanh", "lemon yellow", "chiếc", 100},
    {"hoa văn chữ Thọ", "longevity pattern", "chiếc", 115},
    {"hoa văn rồng phượng", "dragon-and-phoenix pattern", "chiếc", 125},
    {"khổ 90×90cm", "90 × 90 cm", "chiếc", 140},
};
constexpr Variant kFabric[] = {
    {"khổ 90cm", "90 cm wide", "m", 100},
    {"khổ 1,15m", "1.15 m wide", "m", 125},
    {"vân hoa sen khổ 90cm", "lotus jacquard, 90 cm wide", "m", 130},
};
constexpr Variant kAoDai[] = {
    {"size S", "size S", "bộ", 100},
    {"size M", "size M", "bộ", 100},
    {"size L", "size L", "bộ", 105},
    {"may đo", "made to measure", "bộ", 130},
};
constexpr Variant kKnit[] = {
    {"size M màu ghi", "size M, grey", "chiếc", 100},
    {"size L màu be", "size L, beige", "chiếc", 100},
    {"size XL màu xanh than", "size XL, navy", "chiếc", 105},
    {"trẻ em", "children's", "chiếc", 65},
};
constexpr Variant kColour[] = {
    {"màu đỏ", "red", "chiếc", 100},
    {"màu xanh", "blue", "chiếc", 100},
    {"màu kem", "cream", "chiếc", 100},
    {"bộ 3 chiếc", "set of 3", "bộ", 270},
};
constexpr Variant kTablecloth[] = {
    {"1,2×1,6m", "1.2 × 1.6 m", "chiếc", 100},
    {"1,4×2m", "1.4 × 2 m", "chiếc", 140},
    {"bộ 6 khăn ăn", "set of 6 napkins", "bộ", 60},
};
constexpr Variant kVase[] = {
    {"men lam cao 20cm", "blue glaze, 20 cm", "cái", 100},
    {"men lam cao 30cm", "blue glaze, 30 cm", "cái", 160},
    {"men rạn cao 25cm", "crackle glaze, 25 cm", "cái", 150},
    {"men ngọc cao 30cm", "celadon, 30 cm", "cái", 190},
    {"men nâu cao 40cm", "brown glaze, 40 cm", "cái", 260},
    {"vẽ vàng cao 35cm", "gold-painted, 35 cm", "cái", 380},
};
constexpr Variant kTeaSet[] = {
    {"men lam", "blue glaze", "bộ", 100},
    {"men rạn", "crackle glaze", "bộ", 115},
    {"men ngọc", "celadon", "bộ", 130},
    {"vẽ vàng", "gold-painted", "bộ", 200},
    {"dáng tỏi men lam", "garlic-shaped, blue glaze", "bộ", 120},
};
constexpr Variant kPlate[] = {
    {"đường kính 25cm", "25 cm", "cái", 100},
    {"đường kính 35cm", "35 cm", "cái", 170},
    {"đường kính 45cm", "45 cm", "cái", 280},
};
constexpr Variant kMug[] = {
    {"men lam", "blue glaze", "cái", 100},
    {"men hoa biến", "flambé glaze", "cái", 120},
    {"bộ 6 chiếc", "set of 6", "bộ", 520},
};
constexpr Variant kSize[] = {
    {"cỡ nhỏ", "small", "cái", 100},
    {"cỡ vừa", "medium", "cái", 150},
    {"cỡ lớn", "large", "cái", 220},
};
constexpr Variant kBasket[] = {
    {"cỡ nhỏ", "small", "cái", 100},
    {"cỡ vừa", "medium", "cái", 150},
    {"cỡ lớn", "large", "cái", 220},
    {"bộ 3 chiếc", "set of 3", "bộ", 330},
};
constexpr Variant kLamp[] = {
    {"đường kính 30cm", "30 cm", "cái", 100},
    {"đường kính 45cm", "45 cm", "cái", 160},
    {"đèn thả trần 60cm", "60 cm pendant", "cái", 260},
};
constexpr Variant kPicture[] = {
    {"30×40cm", "30 × 40 cm", "bức", 100},
    {"40×60cm", "40 × 60 cm", "bức", 170},
    {"60×90cm", "60 × 90 cm", "bức", 300},
    {"bộ tứ bình", "four-panel set", "bộ", 420},
};
constexpr Variant kBox[] = {
    {"tròn 12cm", "round, 12 cm", "cái", 100},
    {"vuông 20cm", "square, 20 cm", "cái", 170},
    {"bộ 3 hộp", "set of 3", "bộ", 280},
};
constexpr Variant kTray[] = {
    {"chữ nhật 30×40cm", "rectangular, 30 × 40 cm", "cái", 100},
    {"tròn 40cm", "round, 40 cm", "cái", 120},
    {"bộ 2 khay", "set of 2", "bộ", 190},
};
constexpr Variant kLacquerVase[] = {
    {"cao 30cm", "30 cm tall", "cái", 100},
    {"cao 50cm", "50 cm tall", "cái", 190},
    {"đôi cao 40cm", "pair, 40 cm tall", "đôi", 300},
};
constexpr Variant kHat[] = {
    {"trắng truyền thống", "plain white", "chiếc", 100},
    {"vẽ hoa sen", "lotus-painted", "chiếc", 150},
    {"vẽ phố cổ Hà Nội", "painted with the Old Quarter", "chiếc", 170},
    {"mini trang trí", "mini, decorative", "chiếc", 45},
};
constexpr Variant kFan[] = {
    {"in hoa sen", "lotus print", "chiếc", 100},
    {"vẽ tay phong cảnh", "hand-painted landscape", "chiếc", 160},
    {"khổ lớn treo tường", "large, for the wall", "chiếc", 350},
    {"hộp quà 2 chiếc", "gift box of 2", "hộp", 230},
};
constexpr Variant kToHe[] = {
    {"hộp 5 con", "box of 5 figures", "hộp", 100},
    {"bộ 12 con giáp", "zodiac set of 12", "bộ", 220},
    {"bộ nhân vật Tây du ký", "Journey to the West set", "bộ", 180},
};
constexpr Variant kStatue[] = {
    {"cao 20cm", "20 cm tall", "pho", 100},
    {"cao 30cm", "30 cm tall", "pho", 160},
    {"cao 50cm", "50 cm tall", "pho", 300},
};
constexpr Variant kSilver[] = {
    {"trơn", "plain", "chiếc", 100},
    {"chạm hoa sen", "lotus engraved", "chiếc", 140},
    {"chạm rồng", "dragon engraved", "chiếc", 160},
    {"mạ vàng", "gold-plated", "chiếc", 190},
};
constexpr Variant kIncenseCoil[] = {
    {"hộp 20 vòng", "box of 20 coils", "hộp", 100},
    {"hộp 50 vòng", "box of 50 coils", "hộp", 230},
    {"hộp 100 vòng", "box of 100 coils", "hộp", 430},
};
constexpr Variant kIncenseStick[] = {
    {"bó 100 nén", "bundle of 100 sticks", "bó", 100},
    {"hộp 200 nén", "box of 200 sticks", "hộp", 190},
    {"hộp quà", "gift box", "hộp", 300},
};
constexpr Variant kComb[] = {
    {"dài 12cm", "12 cm", "chiếc", 100},
    {"dài 18cm", "18 cm", "chiếc", 150},
    {"hộp quà 2 chiếc", "gift box of 2", "hộp", 230},
};
constexpr Variant kDragonfly[] = {
    {"sải cánh 15cm", "15 cm wingspan", "con", 100},
    {"sải cánh 25cm", "25 cm wingspan", "con", 170},
    {"hộp 10 con", "box of 10", "hộp", 650},
};

// ============================================================== specialities
// Real Hanoi OCOP specialities, each with the district and communes it comes
// from, so a producer of "Gốm Bát Tràng" sits in Bát Tràng, Gia Lâm.

// VAT: 5 % for fresh produce and unprocessed grain; alcohol stays at 10 %
// because goods under special consumption tax were left out of the 10 -> 8 %
// cut (Decree 15/2022 and its extensions); everything else takes the cut.
struct Item {
    std::string_view vi; // the stem a variant is appended to
    std::string_view en;
    std::span<const Variant> variants;
    int minK; // base price range in thousands of đồng, for a pricePct-100 variant
    int maxK;
    int vat;
    int prestige; // 0-3: how likely the item is to hold four or five stars
};

struct Speciality {
    LegacyGroup group;
    std::string_view district;
    std::vector<std::string_view> communes;
    std::string_view trade; // in producer names: "Công ty TNHH <trade> ...", "HTX <trade> ..."
    std::uint64_t weight;   // share of its group's producers
    std::vector<Item> items;
};

const std::vector<Speciality>& specialities()
{
    using G = LegacyGroup;
    static const std::vector<Speciality> kTable{
        // ---- food
        {G::Food, "Cầu Giấy", {"Dịch Vọng", "Dịch Vọng Hậu"}, "Bánh kẹo", 3,
         {{"Bánh cốm Làng Vòng", "Lang Vong green rice cake", kCakeBox, 50, 90, 8, 2},
          {"Cốm Làng Vòng", "Lang Vong young green rice", kDryPack, 100, 160, 8, 2}}},
        {G::Food, "Ba Đình", {"Nguyễn Trung Trực", "Quán Thánh"}, "Bánh kẹo", 2,
         {{"Bánh cốm Hàng Than", "Hang Than green rice cake", kCakeBox, 55, 95, 8, 2},
          {"Bánh phu thê Hàng Than", "Hang Than husband-and-wife cake", kCakeBox, 45, 80, 8, 1}}},
        {G::Food, "Hoàn Kiếm", {"Hàng Đào", "Hàng Buồm", "Đồng Xuân"}, "Thực phẩm", 2,
         {{"Ô mai mơ gừng Hàng Đường", "Hang Duong ginger apricot candy", kSweetBox, 55, 90, 8, 2},
          {"Ô mai sấu Hàng Đường", "Hang Duong dracontomelon candy", kSweetBox, 50, 85, 8, 1},
          {"Ô mai mận xào gừng Hàng Đường", "Hang Duong ginger plum candy", kSweetBox, 50, 85, 8, 1}}},
        {G::Food, "Thanh Oai", {"Tân Ước"}, "Thực phẩm", 3,
         {{"Giò chả Ước Lễ", "Uoc Le pork roll", kRoll, 120, 160, 8, 2},
          {"Chả quế Ước Lễ", "Uoc Le cinnamon pork roll", kRoll, 130, 180, 8, 2},
          {"Giò bò Ước Lễ", "Uoc Le beef roll", kRoll, 170, 220, 8, 1}}},
        {G::Food, "Ba Vì", {"Minh Quang"}, "Nông sản", 3,
         {{"Miến dong Minh Hồng", "Minh Hong arrowroot noodles", kNoodle, 45, 70, 8, 1},
          {"Bột dong riềng Minh Hồng", "Minh Hong arrowroot starch", kNoodle, 40, 60, 8, 0}}},
        {G::Food, "Thanh Oai", {"Cự Khê"}, "Thực phẩm", 2,
         {{"Miến dong Cự Đà", "Cu Da arrowroot noodles", kNoodle, 40, 65, 8, 1},
          {"Tương Cự Đà", "Cu Da fermented soybean sauce", kSauce, 35, 50, 8, 1}}},
        {G::Food, "Đông Anh", {"Dục Tú", "Việt Hùng", "Liên Hà"}, "Nông sản", 3,
         {{"Gạo nếp cái hoa vàng Đông Anh", "Dong Anh golden-flower glutinous rice", kRice, 40, 55, 5, 1},
          {"Gạo tám thơm Đông Anh", "Dong Anh fragrant rice", kRice, 35, 45, 5, 0}}},
        {G::Food, "Bắc Từ Liêm", {"Phú Diễn", "Phúc Diễn"}, "Nông sản", 3,
         {{"Bưởi Diễn", "Dien pomelo", kPomelo, 45, 70, 5, 2}}},
        {G::Food, "Nam Từ Liêm", {"Xuân Phương"}, "Nông sản", 1,
         {{"Cam Canh", "Canh mandarin orange", kFruitKg, 50, 80, 5, 1}}},
        {G::Food, "Bắc Từ Liêm", {"Xuân Đỉnh", "Xuân Tảo"}, "Nông sản", 1,
         {{"Hồng xiêm Xuân Đỉnh", "Xuan Dinh sapodilla", kFruitKg, 40, 60, 5, 1}}},
        {G::Food, "Quốc Oai", {"Đại Thành"}, "Nông sản", 3,
         {{"Nhãn chín sớm Đại Thành", "Dai Thanh early longan", kFruitKg, 40, 70, 5, 1},
          {"Long nhãn sấy Đại Thành", "Dai Thanh dried longan", kDryPack, 90, 140, 8, 1}}},
        {G::Food, "Ba Vì", {"Tản Lĩnh", "Vân Hòa", "Ba Trại"}, "Nông sản", 2,
         {{"Mật ong hoa nhãn Ba Vì", "Ba Vi longan-blossom honey", kHoney, 120, 200, 8, 2},
          {"Mật ong hoa rừng Ba Vì", "Ba Vi wildflower honey", kHoney, 140, 220, 8, 1}}},
        {G::Food, "Ba Vì", {"Ba Trại", "Khánh Thượng", "Ba Vì"}, "Chè", 3,
         {{"Chè Shan tuyết Ba Vì", "Ba Vi Shan Tuyet tea", kTea, 120, 170, 8, 3},
          {"Chè búp Ba Trại", "Ba Trai green tea", kTea, 60, 120, 8, 1}}},
        {G::Food, "Tây Hồ", {"Quảng An", "Nhật Tân", "Tứ Liên"}, "Trà", 2,
         {{"Trà ướp sen Tây Hồ", "West Lake lotus-scented tea", kLotusTea, 200, 230, 8, 3},
          {"Trà hoa cúc Nghi Tàm", "Nghi Tam chrysanthemum tea", kTea, 80, 150, 8, 2}}},
        {G::Food, "Ba Vì", {"Tản Lĩnh", "Vân Hòa"}, "Sữa", 2,
         {{"Bánh sữa Ba Vì", "Ba Vi milk cake", kDairy, 50, 80, 8, 1},
          {"Sữa chua nếp cẩm Ba Vì", "Ba Vi black sticky rice yoghurt", kYoghurt, 35, 45, 8, 1}}},
        {G::Food, "Thanh Trì", {"Duyên Hà"}, "Thực phẩm", 2,
         {{"Bánh chưng Tranh Khúc", "Tranh Khuc square sticky rice cake", kChung, 80, 110, 8, 2}}},
        {G::Food, "Sơn Tây", {"Phú Thịnh"}, "Thực phẩm", 1,
         {{"Bánh tẻ Phú Nhi", "Phu Nhi rice cake", kBagOf, 40, 60, 8, 1}}},
        {G::Food, "Sơn Tây", {"Đường Lâm"}, "Nông sản", 2,
         {{"Gà Mía Đường Lâm", "Duong Lam Mia chicken", kChicken, 300, 420, 5, 2},
          {"Chè lam Đường Lâm", "Duong Lam ginger rice cake", kCakeBox, 40, 70, 8, 1},
          {"Kẹo dồi lạc Đường Lâm", "Duong Lam peanut brittle", kCakeBox, 40, 70, 8, 1}}},
        {G::Food, "Thạch Thất", {"Thạch Xá"}, "Thực phẩm", 1,
         {{"Chè lam Thạch Xá", "Thach Xa ginger rice cake", kCakeBox, 40, 70, 8, 1}}},
        {G::Food, "Thường Tín", {"Nhị Khê"}, "Thực phẩm", 1,
         {{"Bánh giầy giò Quán Gánh", "Quan Ganh rice cake with pork roll", kBagOf, 40, 60, 8, 1}}},
        {G::Food, "Sóc Sơn", {"Minh Phú", "Minh Trí"}, "Nông sản", 1,
         {{"Gà đồi Sóc Sơn", "Soc Son free-range hill chicken", kChicken, 250, 350, 5, 1}}},
        // ---- drinks
        {G::Drinks, "Bắc Từ Liêm", {"Phúc Diễn"}, "Rượu", 2,
         {{"Rượu làng Kiều Mai", "Kieu Mai village rice liquor", kWine, 80, 140, 10, 1},
          {"Rượu nếp cẩm Kiều Mai", "Kieu Mai black sticky rice liquor", kWine, 90, 160, 10, 1}}},
        {G::Drinks, "Mỹ Đức", {"Hương Sơn"}, "Đồ uống", 2,
         {{"Rượu mơ Hương Sơn", "Huong Son apricot wine", kWine, 90, 160, 10, 2},
          {"Nước cốt mơ Hương Sơn", "Huong Son apricot syrup", kSauce, 60, 100, 8, 1}}},
        {G::Drinks, "Ba Vì", {"Tản Lĩnh", "Vân Hòa"}, "Sữa", 1,
         {{"Sữa tươi thanh trùng Ba Vì", "Ba Vi pasteurised fresh milk", kMilk, 35, 45, 8, 1}}},
        // ---- herbal
        {G::Herbal, "Ba Vì", {"Ba Vì", "Ba Trại"}, "Dược liệu", 1,
         {{"Cao xương khớp người Dao Ba Vì", "Ba Vi Dao herbal joint balm", kHerbal, 150, 250, 8, 2},
          {"Trà giảo cổ lam Ba Vì", "Ba Vi jiaogulan herbal tea", kHerbal, 80, 150, 8, 1},
          {"Thuốc tắm người Dao Ba Vì", "Ba Vi Dao herbal bath", kBath, 50, 90, 8, 2}}},
        // ---- textile and garment
        {G::Textile, "Hà Đông", {"Vạn Phúc"}, "Lụa tơ tằm", 3,
         {{"Khăn lụa tơ tằm Vạn Phúc", "Van Phuc silk scarf", kScarf, 250, 450, 8, 3},
          {"Lụa tơ tằm Vạn Phúc", "Van Phuc silk fabric", kFabric, 180, 350, 8, 3},
          {"Áo dài lụa Vạn Phúc", "Van Phuc silk ao dai", kAoDai, 1200, 2500, 8, 2}}},
        {G::Textile, "Hoài Đức", {"La Phù"}, "Dệt kim", 2,
         {{"Áo len dệt kim La Phù", "La Phu knitted sweater", kKnit, 150, 300, 8, 1},
          {"Mũ len La Phù", "La Phu knitted hat", kColour, 40, 90, 8, 0}}},
        {G::Textile, "Mỹ Đức", {"Phùng Xá"}, "Dệt may", 1,
         {{"Khăn dệt Phùng Xá", "Phung Xa woven towel", kColour, 40, 80, 8, 0},
          {"Vải dệt Phùng Xá", "Phung Xa woven cotton", kFabric, 60, 110, 8, 0}}},
        {G::Textile, "Thường Tín", {"Quất Động"}, "Thêu ren", 1,
         {{"Khăn trải bàn thêu Quất Động", "Quat Dong embroidered tablecloth", kTablecloth, 300, 600, 8, 2},
          {"Tranh thêu tay Quất Động", "Quat Dong hand-embroidered picture", kPicture, 600, 1500, 8, 2}}},
        // ---- souvenir, furniture and decoration
        {G::SouvenirFurniture, "Gia Lâm", {"Bát Tràng", "Kim Lan"}, "Gốm sứ", 6,
         {{"Bình hoa gốm Bát Tràng", "Bat Trang ceramic vase", kVase, 250, 600, 8, 3},
          {"Bộ ấm chén gốm Bát Tràng", "Bat Trang ceramic tea set", kTeaSet, 300, 900, 8, 3},
          {"Đĩa trang trí gốm Bát Tràng", "Bat Trang decorative plate", kPlate, 150, 400, 8, 2},
          {"Cốc sứ Bát Tràng", "Bat Trang porcelain mug", kMug, 60, 120, 8, 1}}},
        {G::SouvenirFurniture, "Chương Mỹ", {"Phú Nghĩa"}, "Mây tre đan", 4,
         {{"Giỏ mây tre đan Phú Vinh", "Phu Vinh rattan basket", kBasket, 90, 250, 8, 2},
          {"Khay mây Phú Vinh", "Phu Vinh rattan tray", kSize, 120, 300, 8, 1},
          {"Đèn mây tre đan Phú Vinh", "Phu Vinh rattan lamp", kLamp, 250, 600, 8, 2}}},
        {G::SouvenirFurniture, "Phú Xuyên", {"Chuyên Mỹ"}, "Khảm trai", 4,
         {{"Tranh khảm trai Chuyên Mỹ", "Chuyen My mother-of-pearl picture", kPicture, 800, 2000, 8, 3},
          {"Hộp gỗ khảm trai Chuyên Mỹ", "Chuyen My inlaid wooden box", kBox, 250, 700, 8, 2},
          {"Khay khảm trai Chuyên Mỹ", "Chuyen My inlaid tray", kTray, 400, 900, 8, 2}}},
        {G::SouvenirFurniture, "Thường Tín", {"Duyên Thái"}, "Sơn mài", 4,
         {{"Tranh sơn mài Hạ Thái", "Ha Thai lacquer painting", kPicture, 700, 1800, 8, 3},
          {"Hộp sơn mài Hạ Thái", "Ha Thai lacquer box", kBox, 150, 450, 8, 2},
          {"Bình sơn mài Hạ Thái", "Ha Thai lacquer vase", kLacquerVase, 400, 1200, 8, 2}}},
        {G::SouvenirFurniture, "Thanh Oai", {"Phương Trung"}, "Nón lá", 2,
         {{"Nón lá Chuông", "Chuong conical hat", kHat, 80, 150, 8, 1}}},
        {G::SouvenirFurniture, "Thạch Thất", {"Chàng Sơn"}, "Mỹ nghệ", 2,
         {{"Quạt giấy Chàng Sơn", "Chang Son paper fan", kFan, 40, 120, 8, 1},
          {"Quạt vải Chàng Sơn", "Chang Son fabric fan", kFan, 60, 150, 8, 1}}},
        {G::SouvenirFurniture, "Phú Xuyên", {"Phượng Dực"}, "Mỹ nghệ", 1,
         {{"Tò he Xuân La", "Xuan La rice-dough figurines", kToHe, 60, 120, 8, 1}}},
        {G::SouvenirFurniture, "Thường Tín", {"Vạn Điểm"}, "Đồ gỗ", 2,
         {{"Kệ gỗ trang trí Vạn Điểm", "Van Diem wooden display shelf", kSize, 800, 2000, 8, 1},
          {"Đôn gỗ Vạn Điểm", "Van Diem wooden stand", kSize, 700, 1800, 8, 1}}},
        {G::SouvenirFurniture, "Hoài Đức", {"Sơn Đồng"}, "Điêu khắc gỗ", 2,
         {{"Tượng gỗ Sơn Đồng", "Son Dong carved wooden statue", kStatue, 700, 2500, 8, 2}}},
        {G::SouvenirFurniture, "Đông Anh", {"Vân Hà"}, "Đồ gỗ mỹ nghệ", 2,
         {{"Tranh gỗ đục Vân Hà", "Van Ha carved wood picture", kPicture, 600, 1800, 8, 2},
          {"Tượng gỗ Vân Hà", "Van Ha wooden statue", kStatue, 600, 2000, 8, 1}}},
        {G::SouvenirFurniture, "Ba Đình", {"Trúc Bạch"}, "Đúc đồng", 1,
         {{"Lư hương đồng Ngũ Xã", "Ngu Xa bronze incense burner", kSize, 1200, 3000, 8, 2},
          {"Tượng đồng Ngũ Xã", "Ngu Xa bronze statue", kStatue, 1500, 2600, 8, 2}}},
        {G::SouvenirFurniture, "Hoàng Mai", {"Định Công"}, "Trang sức bạc", 2,
         {{"Vòng tay bạc Định Công", "Dinh Cong silver bangle", kSilver, 350, 900, 8, 2},
          {"Nhẫn bạc Định Công", "Dinh Cong silver ring", kSilver, 150, 400, 8, 1}}},
        {G::SouvenirFurniture, "Ứng Hòa", {"Quảng Phú Cầu"}, "Hương trầm", 2,
         {{"Hương vòng Quảng Phú Cầu", "Quang Phu Cau incense coils", kIncenseCoil, 40, 120, 8, 1},
          {"Hương trầm Quảng Phú Cầu", "Quang Phu Cau agarwood incense", kIncenseStick, 80, 200, 8, 1}}},
        {G::SouvenirFurniture, "Thường Tín", {"Hòa Bình"}, "Sừng mỹ nghệ", 1,
         {{"Lược sừng Thụy Ứng", "Thuy Ung horn comb", kComb, 60, 150, 8, 1}}},
        {G::SouvenirFurniture, "Phú Xuyên", {"Phú Túc"}, "Mây tre đan", 1,
         {{"Làn giang đan Phú Túc", "Phu Tuc woven bamboo basket", kBasket, 90, 250, 8, 1}}},
        {G::SouvenirFurniture, "Hoàn Kiếm", {"Hàng Trống"}, "Tranh dân gian", 1,
         {{"Tranh dân gian Hàng Trống", "Hang Trong folk painting", kPicture, 300, 900, 8, 2}}},
        {G::SouvenirFurniture, "Thạch Thất", {"Thạch Xá"}, "Mỹ nghệ", 1,
         {{"Chuồn chuồn tre Thạch Xá", "Thach Xa bamboo dragonfly", kDragonfly, 25, 45, 8, 1}}},
    };
    return kTable;
}

// ===================================================================== names

// Trade names are two auspicious syllables, "An Phát", "Hưng Thịnh": generic
// on purpose so none is a real company's, and ~900 of them so that even a
// benchmark-sized craft village rarely has two producers with one brand.
constexpr std::string_view kBrandFirst[] = {
    "An", "Bảo", "Đại", "Đức", "Gia", "Hà", "Hòa", "Hồng", "Hưng", "Kim", "Minh", "Nam", "Phú", "Phúc", "Quang",
    "Tâm", "Tân", "Thành", "Thiên", "Tiến", "Trường", "Vạn", "Việt", "Hải", "Ngọc", "Sơn", "Long", "Thái", "Xuân", "Trung",
};
constexpr std::string_view kBrandSecond[] = {
    "An", "Phát", "Thịnh", "Lộc", "Đạt", "Hưng", "Gia", "Khang", "Bảo", "Phúc", "Minh", "Tiến", "Long", "Thành",
    "Việt", "Hà", "Ngọc", "Sơn", "Anh", "Nguyên", "Quý", "Tín", "Hòa", "Vượng", "Thái", "Mộc", "Linh", "Đông", "Nam", "Hải",
};
constexpr std::string_view kFamilies[] = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Phan", "Đặng", "Bùi", "Đỗ",
    "Ngô", "Dương", "Đào", "Đinh", "Trịnh", "Tạ", "Kiều", "Nghiêm", "Lưu", "Chu",
};
constexpr std::string_view kMaleMiddles[] = {"Văn", "Đức", "Hữu", "Quang", "Minh", "Xuân", "Đình"};
constexpr std::string_view kFemaleMiddles[] = {"Thị", "Thu", "Thanh", "Ngọc", "Minh", "Thúy", "Hồng"};
constexpr std::string_view kMaleGiven[] = {
    "Hùng", "Tuấn", "Dũng", "Cường", "Thắng", "Hải", "Long", "Sơn", "Tùng", "Quyết", "Bình", "Hòa",
    "Khải", "Phong", "Toàn", "Thịnh", "Nam", "Huy", "Quân", "Lâm", "Trung", "Hiếu", "Kiên", "Vinh",
};
constexpr std::string_view kFemaleGiven[] = {
    "Lan", "Hương", "Mai", "Hạnh", "Hằng", "Hoa", "Thảo", "Nga", "Liên", "Dung", "Huyền", "Yến",
    "Loan", "Nhung", "Hà", "Thủy", "Oanh", "Trang", "Vân", "Phượng", "Hiền", "Tâm", "Chi", "Ngân",
};
// How a household's products are branded after its owner: "Giò chả Ước Lễ Bà Hằng".
constexpr std::string_view kFemaleTitles[] = {"Bà", "Cô"};
constexpr std::string_view kMaleTitles[] = {"Bác", "Chú"};

template <class T, std::size_t N>
std::span<const T> all(const T (&array)[N])
{
    return {array, N};
}

// ================================================================ the pieces

struct ProducerDraft {
    LegacyGroup group;
    std::size_t speciality;
};

struct ProductDraft {
    std::size_t producer;
    const Item* item = nullptr;
    const Variant* variant = nullptr;
};

std::vector<SalesPoint> makePoints(std::size_t count, std::uint64_t seed)
{
    // One per district first (the demo terminal's Hoàn Kiếm leading), then the
    // busy districts, then round again.
    std::vector<std::size_t> order;
    order.push_back(districtIndex("Hoàn Kiếm"));
    for (std::size_t i = 0; i < kDistricts.size(); ++i)
        if (kDistricts[i].name != "Hoàn Kiếm")
            order.push_back(i);
    std::vector<std::size_t> extraOrder;
    for (auto name : kBusyDistricts)
        extraOrder.push_back(districtIndex(name));
    for (std::size_t i = 0; i < kDistricts.size(); ++i)
        if (std::find(extraOrder.begin(), extraOrder.end(), i) == extraOrder.end())
            extraOrder.push_back(i);

    Rng rng(seed, kPoints);
    std::array<std::size_t, kDistricts.size()> opened{};
    std::vector<SalesPoint> points;
    points.reserve(count);
    for (std::size_t n = 0; n < count; ++n) {
        const std::size_t di = n < order.size() ? order[n] : extraOrder[(n - order.size()) % extraOrder.size()];
        const District& d = kDistricts[di];
        const std::size_t k = ++opened[di];
        const std::string district = std::string(d.kind) + " " + std::string(d.name);
        SalesPoint p;
        p.code = std::string(d.code) + zeroPadded(k, 2);
        p.name = "Điểm giới thiệu và bán sản phẩm OCOP " + district + (k > 1 ? " số " + std::to_string(k) : "");
        p.address = "Số " + std::to_string(rng.between(1, 220)) + " " + std::string(d.streets[(k - 1) % d.streets.size()]) +
                    ", " + district + ", Hà Nội";
        p.district = std::string(d.name);
        // A demo account at VietinBank (BIN 970415) per point, for VietQR.
        p.bankBin = "970415";
        p.bankAccount = "1133" + zeroPadded(n + 1, 8);
        p.bankAccountName = "DIEM BAN OCOP " + p.code;
        points.push_back(std::move(p));
    }
    return points;
}

std::vector<DemoUser> makeUsers()
{
    return {
        {"U001", "Nguyễn Thị Lan", "cashier", "1111"},
        {"U002", "Phạm Văn Hùng", "cashier", "2222"},
        {"U003", "Trần Thị Mai", "manager", "9999"},
    };
}

// Producers per group in proportion to the group's products, but at least one
// wherever a group has products, which tiny catalogs would otherwise miss.
std::vector<std::size_t> producersPerGroup(std::size_t producerCount, const std::vector<std::size_t>& productsPerGroup)
{
    std::vector<std::uint64_t> weights(productsPerGroup.begin(), productsPerGroup.end());
    auto perGroup = apportion(producerCount, weights);
    for (std::size_t g = 0; g < perGroup.size(); ++g) {
        if (productsPerGroup[g] == 0 || perGroup[g] > 0)
            continue;
        const auto donor = std::max_element(perGroup.begin(), perGroup.end()) - perGroup.begin();
        perGroup[static_cast<std::size_t>(donor)] -= 1;
        perGroup[g] = 1;
    }
    return perGroup;
}

std::string tradeName(Rng& rng)
{
    const auto first = rng.pick(all(kBrandFirst));
    auto second = rng.pick(all(kBrandSecond));
    if (second == first) // "An An"
        second = kBrandSecond[0] == first ? kBrandSecond[1] : kBrandSecond[0];
    return std::string(first) + " " + std::string(second);
}

// Names a producer and picks the brand its products carry when a plain name
// is taken. A few draws keep brands distinct within a speciality and names
// distinct overall; at benchmark sizes a repeat is accepted, as in life
// (two households can share an owner's name).
void nameProducer(Producer& p, std::size_t speciality, const Speciality& sp, Rng& rng, std::string& brand,
                  std::unordered_set<std::string>& takenNames, std::unordered_set<std::string>& takenBrands)
{
    p.district = std::string(sp.district);
    p.commune = std::string(rng.pick(std::span<const std::string_view>(sp.communes)));
    const std::string trade(sp.trade);
    for (int attempt = 0; attempt < 8; ++attempt) {
        switch (p.kind) {
        case ProducerKind::Enterprise: {
            brand = tradeName(rng);
            const bool limited = rng.percent(70);
            p.name = (limited ? "Công ty TNHH " : "Công ty Cổ phần ") + trade + " " + brand;
            break;
        }
        case ProducerKind::Cooperative:
            brand = tradeName(rng);
            // Cooperatives are named after their commune, unless a neighbour took it.
            p.name = "HTX " + trade + " " + (attempt == 0 ? p.commune : brand);
            break;
        case ProducerKind::Household: {
            const bool female = rng.percent(60);
            const auto family = rng.pick(all(kFamilies));
            const auto middle = rng.pick(female ? all(kFemaleMiddles) : all(kMaleMiddles));
            const auto given = rng.pick(female ? all(kFemaleGiven) : all(kMaleGiven));
            const auto title = rng.pick(female ? all(kFemaleTitles) : all(kMaleTitles));
            const std::string owner = std::string(family) + " " + std::string(middle) + " " + std::string(given);
            p.name = "Hộ kinh doanh " + owner;
            // "Bà Hằng" while the village has one; the full name once it has several.
            brand = attempt < 4 ? std::string(title) + " " + std::string(given) : owner;
            break;
        }
        }
        const std::string brandKey = std::to_string(speciality) + "|" + brand;
        if (!takenNames.count(p.name) && !takenBrands.count(brandKey)) {
            takenNames.insert(p.name);
            takenBrands.insert(brandKey);
            return;
        }
    }
}

std::string gtin13(std::size_t companyNumber, std::size_t itemNumber)
{
    // 893 is GS1 Vietnam; then a 6-digit company number and a 3-digit item.
    std::string digits = "893" + zeroPadded(companyNumber, 6) + zeroPadded(itemNumber, 3);
    digits.push_back(static_cast<char>('0' + gtinCheckDigit(digits)));
    return digits;
}

Money roundPrice(Money price)
{
    // Shops price in round steps that grow with the price: 47.000, 185.000, 1.250.000.
    const Money step = price < 100'000 ? 1'000 : price < 1'000'000 ? 5'000 : 10'000;
    return std::max<Money>(step, (price + step / 2) / step * step);
}

// Ratings come in batches: one decision of an issuer certifies many products
// on one day, so its number, dates and issuer repeat across them. The city
// (issuer 0) and each district (1 + index) issue kBatches a year.
class DecisionBook {
public:
    static constexpr int kFirstYear = 2019;
    static constexpr int kLastYear = 2025;
    static constexpr int kBatches = 4;

    struct Decision {
        std::string number;
        std::string issued;
        std::string expiry;
        std::string issuer;
    };

    explicit DecisionBook(std::uint64_t seed)
    {
        Rng rng(seed, kDecisions);
        for (std::size_t issuer = 0; issuer <= kDistricts.size(); ++issuer) {
            const std::string name = issuer == 0 ? std::string("UBND Thành phố Hà Nội")
                                                 : "UBND " + std::string(kDistricts[issuer - 1].kind) + " " +
                                                       std::string(kDistricts[issuer - 1].name);
            for (int year = kFirstYear; year <= kLastYear; ++year) {
                for (int batch = 0; batch < kBatches; ++batch) {
                    // Hanoi's first ratings were announced at the end of 2019.
                    const auto month = year == 2019 ? rng.between(10, 12) : rng.between(1, 12);
                    const auto day = rng.between(1, 28);
                    // The city's decisions run to thousands a year, a district's to hundreds.
                    const auto number = issuer == 0 ? rng.between(1000, 6999) : rng.between(100, 3999);
                    char date[16];
                    std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, static_cast<int>(month), static_cast<int>(day));
                    book_.push_back({std::to_string(number) + "/QĐ-UBND", date, addMonthsIso(date, 36), name});
                }
            }
        }
    }

    const Decision& get(bool city, std::size_t district, int year, int batch) const
    {
        const std::size_t issuer = city ? 0 : district + 1;
        return book_[(issuer * (kLastYear - kFirstYear + 1) + static_cast<std::size_t>(year - kFirstYear)) * kBatches +
                     static_cast<std::size_t>(batch)];
    }

private:
    std::vector<Decision> book_;
};

int issueYear(Rng& rng, int stars, bool potentialFive)
{
    if (stars == 5)
        return 2022 + static_cast<int>(rng.below(4)); // five-star ratings began in 2022
    if (potentialFive)
        return 2020 + static_cast<int>(rng.below(2)); // the 17 were named in 2020-2021
    // Certificates last 36 months and get renewed, so current ones lean to
    // recent years; a share of older ones stays to show expiry on screen.
    static constexpr std::array<std::uint64_t, 7> kByYear{5, 10, 12, 14, 17, 20, 22}; // 2019..2025
    std::uint64_t r = rng.below(100);
    for (std::size_t i = 0; i < kByYear.size(); ++i) {
        if (r < kByYear[i])
            return 2019 + static_cast<int>(i);
        r -= kByYear[i];
    }
    return 2025;
}

} // namespace

DemoCatalog makeDemoCatalog(std::size_t productCount, std::uint64_t seed)
{
    if (productCount > kDemoMaxProducts)
        throw UserError("demo catalog: at most " + std::to_string(kDemoMaxProducts) + " products");

    DemoCatalog cat;
    cat.users = makeUsers();
    cat.points = makePoints(std::max(kDistricts.size(), scaled(kDemoPublishedSalesPoints, productCount)), seed);
    if (productCount == 0)
        return cat;

    const auto& specs = specialities();
    std::vector<std::size_t> specDistrict(specs.size()), specCombos(specs.size(), 0);
    for (std::size_t s = 0; s < specs.size(); ++s) {
        specDistrict[s] = districtIndex(specs[s].district);
        for (const auto& item : specs[s].items)
            specCombos[s] += item.variants.size();
    }

    // ---- the published proportions, scaled
    std::vector<std::uint64_t> groupWeights;
    for (const auto& g : kGroupSpecs)
        groupWeights.push_back(g.published);
    const auto productsPerGroup = apportion(productCount, groupWeights);
    const auto nonEmptyGroups = static_cast<std::size_t>(
        std::count_if(productsPerGroup.begin(), productsPerGroup.end(), [](std::size_t n) { return n > 0; }));
    const std::size_t producerCount =
        std::clamp(scaled(kDemoPublishedProducers, productCount), nonEmptyGroups, productCount);
    const auto perKind = apportion(producerCount, kPublishedKinds);
    const auto perGroup = producersPerGroup(producerCount, productsPerGroup);

    // ---- producers: each makes one speciality of its group
    Rng structure(seed, kStructure);
    std::vector<ProducerDraft> drafts;
    drafts.reserve(producerCount);
    for (std::size_t g = 0; g < kGroupSpecs.size(); ++g) {
        std::vector<std::size_t> candidates;
        std::vector<std::uint64_t> weights;
        for (std::size_t s = 0; s < specs.size(); ++s)
            if (specs[s].group == kGroupSpecs[g].group) {
                candidates.push_back(s);
                weights.push_back(specs[s].weight);
            }
        // Apportioned rather than drawn, so the published size shows every speciality.
        const auto perSpeciality = apportion(perGroup[g], weights);
        for (std::size_t c = 0; c < candidates.size(); ++c)
            for (std::size_t k = 0; k < perSpeciality[c]; ++k)
                drafts.push_back({kGroupSpecs[g].group, candidates[c]});
    }
    // Ids are handed out in registration order, which is not grouped by trade.
    structure.shuffle(drafts);
    std::vector<ProducerKind> kinds;
    kinds.reserve(producerCount);
    for (std::size_t k = 0; k < kKinds.size(); ++k)
        kinds.insert(kinds.end(), perKind[k], kKinds[k]);
    structure.shuffle(kinds);

    Rng naming(seed, kNaming);
    std::unordered_set<std::string> producerNames, specialityBrands;
    std::vector<std::string> brands(producerCount);
    cat.producers.resize(producerCount);
    for (std::size_t i = 0; i < producerCount; ++i) {
        Producer& p = cat.producers[i];
        p.id = "NSX-" + zeroPadded(i + 1, 4);
        p.kind = kinds[i];
        nameProducer(p, drafts[i].speciality, specs[drafts[i].speciality], naming, brands[i], producerNames,
                     specialityBrands);
    }

    // ---- products per producer: everyone at least one, bigger firms more,
    // but nobody more than its speciality has item-variant pairs, so nobody
    // sells the same pomelo twice
    std::vector<std::size_t> slots; // producer index per product, later in code order
    slots.reserve(productCount);
    for (std::size_t g = 0; g < kGroupSpecs.size(); ++g) {
        std::vector<std::size_t> members;
        std::vector<std::uint64_t> weights;
        for (std::size_t i = 0; i < producerCount; ++i)
            if (drafts[i].group == kGroupSpecs[g].group) {
                members.push_back(i);
                const std::uint64_t kindWeight = kinds[i] == ProducerKind::Enterprise    ? 4
                                                 : kinds[i] == ProducerKind::Cooperative ? 2
                                                                                         : 1;
                weights.push_back(kindWeight * (50 + structure.below(101))); // +-50 % jitter
            }
        const auto extra = apportion(productsPerGroup[g] - members.size(), weights);
        std::vector<std::size_t> quota(members.size());
        std::size_t overflow = 0;
        for (std::size_t m = 0; m < members.size(); ++m) {
            const std::size_t room = specCombos[drafts[members[m]].speciality];
            quota[m] = std::min(1 + extra[m], room);
            overflow += 1 + extra[m] - quota[m];
        }
        // Hand the overflow, a round at a time, to whoever still has room.
        for (bool roomLeft = true; overflow > 0 && roomLeft;) {
            roomLeft = false;
            for (std::size_t m = 0; m < members.size() && overflow > 0; ++m)
                if (quota[m] < specCombos[drafts[members[m]].speciality]) {
                    ++quota[m];
                    --overflow;
                    roomLeft = true;
                }
        }
        // Were the whole group full (never with these tables), the rest
        // repeat a pair and are named apart.
        for (std::size_t m = 0; overflow > 0; m = (m + 1) % members.size(), --overflow)
            ++quota[m];
        for (std::size_t m = 0; m < members.size(); ++m)
            slots.insert(slots.end(), quota[m], members[m]);
    }
    structure.shuffle(slots);

    // ---- what each product is: item, variant, a name nobody else has, price
    Rng content(seed, kContent);
    Rng gtinRng(seed, kGtin);
    // Company numbers: a bijection on 6 digits (7919 is coprime to 10^6), so
    // unique per producer without reading as a counter.
    const std::size_t companyOffset = gtinRng.below(1'000'000);
    std::vector<std::size_t> itemsMade(producerCount, 0);
    std::vector<ProductDraft> drafted(productCount);
    std::vector<std::vector<std::pair<std::uint16_t, std::uint16_t>>> comboOrder(producerCount);
    // Views of the names already given, into the products themselves: the
    // vector is reserved up front, so they never move, and 100,000 names are
    // not copied a second time.
    std::unordered_set<std::string_view> names;
    names.reserve(productCount * 2);
    std::unordered_map<std::string, int> designs;
    cat.products.reserve(productCount);
    for (std::size_t i = 0; i < productCount; ++i) {
        const std::size_t pi = slots[i];
        const Speciality& sp = specs[drafts[pi].speciality];
        const GroupSpec& gs = kGroupSpecs[static_cast<std::size_t>(sp.group) - 1];
        Product& p = cat.products.emplace_back();
        ProductDraft& d = drafted[i];
        d.producer = pi;

        // A producer works through its speciality's item-variant pairs in its
        // own order, so its products differ from one another.
        auto& order = comboOrder[pi];
        if (order.empty()) {
            for (std::size_t it = 0; it < sp.items.size(); ++it)
                for (std::size_t v = 0; v < sp.items[it].variants.size(); ++v)
                    order.emplace_back(static_cast<std::uint16_t>(it), static_cast<std::uint16_t>(v));
            content.shuffle(order);
        }
        const auto [itemIndex, variantIndex] = order[itemsMade[pi] % order.size()];
        d.item = &sp.items[itemIndex];
        d.variant = &d.item->variants[variantIndex];

        // Plain "<item> <variant>" for whoever makes it first, then the
        // producer's brand, then a numbered design: names stay unique, so a
        // cashier's search never shows two identical lines.
        std::string& name = p.nameVi;
        name.append(d.item->vi).append(" ").append(d.variant->vi);
        if (names.count(name)) {
            const std::string branded = std::string(d.item->vi) + " " + brands[pi] + " " + std::string(d.variant->vi);
            name = branded;
            if (names.count(name)) {
                // Counting per name keeps this linear however many designs pile up.
                int& design = designs[branded];
                do
                    name = branded + " mẫu " + std::to_string(++design + 1);
                while (names.count(name));
            }
        }
        names.insert(name);

        p.code = "OCOP-" + zeroPadded(i + 1, 5);
        p.legacyGroup = sp.group;
        p.group = groupFromLegacy(sp.group);
        p.producerId = cat.producers[pi].id;
        p.unit = std::string(d.variant->unit);
        p.vatRate = d.item->vat;
        const Money base = content.between(d.item->minK, d.item->maxK) * 1'000;
        p.price = std::clamp(roundPrice(base * d.variant->pricePct / 100), gs.minPrice, gs.maxPrice);

        const std::size_t itemNumber = ++itemsMade[pi];
        if (itemNumber > 999)
            throw std::logic_error("demo catalog: a producer ran out of GTIN item numbers");
        p.gtin = gtin13((pi * 7919 + companyOffset) % 1'000'000, itemNumber);
    }

    // ---- stars: the published split, going to prestigious items and
    // established firms first, with enough chance that any can rise
    const auto perTier = apportion(productCount, kStarWeights);
    Rng starRng(seed, kStars);
    std::vector<std::pair<std::uint64_t, std::size_t>> ranking(productCount);
    for (std::size_t i = 0; i < productCount; ++i) {
        const ProducerKind kind = cat.producers[drafted[i].producer].kind;
        const std::uint64_t kindBonus = kind == ProducerKind::Enterprise ? 600 : kind == ProducerKind::Cooperative ? 300 : 0;
        ranking[i] = {static_cast<std::uint64_t>(drafted[i].item->prestige) * 1000 + kindBonus + starRng.below(1500), i};
    }
    std::sort(ranking.begin(), ranking.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::size_t rank = 0;
    for (const StarTier tier : {kFive, kPotentialFive, kFour}) {
        for (std::size_t k = 0; k < perTier[tier]; ++k, ++rank) {
            Product& p = cat.products[ranking[rank].second];
            p.stars = tier == kFive ? 5 : 4;
            p.potentialFiveStar = tier == kPotentialFive;
        }
    }

    // ---- certificates, English names and QR traceability
    const DecisionBook decisions(seed);
    Rng certRng(seed, kCertificates);
    for (std::size_t i = 0; i < productCount; ++i) {
        Product& p = cat.products[i];
        const ProductDraft& d = drafted[i];
        const std::size_t di = specDistrict[drafts[d.producer].speciality];
        // Districts rate 3 stars; the city rates 4 and above.
        const bool city = p.stars >= 4;
        const int year = issueYear(certRng, p.stars, p.potentialFiveStar);
        const int batch = static_cast<int>(certRng.below(city ? DecisionBook::kBatches : 2));
        const auto& dec = decisions.get(city, di, year, batch);
        p.certificateNo = dec.number;
        p.certificateIssued = dec.issued;
        p.certificateExpiry = dec.expiry;
        p.certificateIssuer = dec.issuer;
        // Higher-rated products are the ones sold to visitors and exported,
        // so they carry English labels and the QR code that traces them.
        if (p.stars >= 4 || certRng.percent(20))
            p.nameEn = std::string(d.item->en) + ", " + std::string(d.variant->en);
        if (p.stars >= 4)
            p.traceUrl = "https://hn.check.net.vn/" + p.code;
    }

    // ---- opening stock at the demo terminal: bulky, dear items in ones and
    // twos, everyday food by the carton, and a few sold out
    Rng stockRng(seed, kStock);
    cat.openingStock.resize(productCount);
    for (std::size_t i = 0; i < productCount; ++i) {
        const Money price = cat.products[i].price;
        const std::int64_t most = price >= 2'000'000 ? 10 : price >= 500'000 ? 30 : price >= 150'000 ? 80 : 200;
        cat.openingStock[i] = stockRng.percent(4) ? 0 : stockRng.between(1, most);
    }
    return cat;
}

} // namespace ocop
