#include "core/catalog.h"

#include "core/errors.h"
#include "core/gtin.h"

#include <array>
#include <cstdio>

namespace ocop {

namespace {
struct GroupInfo {
    OcopGroup group;
    std::string_view key;
    std::string_view vi;
    std::string_view en;
};
constexpr std::array<GroupInfo, 6> kGroups{{
    {OcopGroup::Food, "food", "Thực phẩm", "Food"},
    {OcopGroup::Drinks, "drinks", "Đồ uống", "Drinks"},
    {OcopGroup::Herbal, "herbal", "Thảo dược", "Herbal"},
    {OcopGroup::Handicraft, "handicraft", "Thủ công mỹ nghệ", "Handicrafts"},
    {OcopGroup::Ornamental, "ornamental", "Sinh vật cảnh", "Ornamental"},
    {OcopGroup::TourismService, "tourism", "Du lịch cộng đồng", "Community tourism"},
}};
constexpr std::array<std::string_view, 6> kLegacyKeys{"food", "drinks", "herbal", "textile", "souvenir", "rural_tourism"};
} // namespace

OcopGroup groupFromLegacy(LegacyGroup legacy)
{
    switch (legacy) {
    case LegacyGroup::Food: return OcopGroup::Food;
    case LegacyGroup::Drinks: return OcopGroup::Drinks;
    case LegacyGroup::Herbal: return OcopGroup::Herbal;
    case LegacyGroup::Textile:
    case LegacyGroup::SouvenirFurniture: return OcopGroup::Handicraft;
    case LegacyGroup::RuralTourism: return OcopGroup::TourismService;
    }
    return OcopGroup::Food;
}

std::string_view groupKey(OcopGroup g) { return kGroups[static_cast<int>(g) - 1].key; }
std::string_view groupNameVi(OcopGroup g) { return kGroups[static_cast<int>(g) - 1].vi; }
std::string_view groupNameEn(OcopGroup g) { return kGroups[static_cast<int>(g) - 1].en; }
std::string_view legacyGroupKey(LegacyGroup g) { return kLegacyKeys[static_cast<int>(g) - 1]; }

std::optional<OcopGroup> groupFromKey(std::string_view key)
{
    for (const auto& g : kGroups)
        if (g.key == key)
            return g.group;
    return std::nullopt;
}

std::optional<LegacyGroup> legacyGroupFromKey(std::string_view key)
{
    for (std::size_t i = 0; i < kLegacyKeys.size(); ++i)
        if (kLegacyKeys[i] == key)
            return static_cast<LegacyGroup>(i + 1);
    return std::nullopt;
}

std::string_view producerKindKey(ProducerKind k)
{
    switch (k) {
    case ProducerKind::Enterprise: return "enterprise";
    case ProducerKind::Cooperative: return "cooperative";
    case ProducerKind::Household: return "household";
    }
    return "household";
}

std::string_view producerKindNameVi(ProducerKind k)
{
    switch (k) {
    case ProducerKind::Enterprise: return "Doanh nghiệp";
    case ProducerKind::Cooperative: return "Hợp tác xã";
    case ProducerKind::Household: return "Hộ kinh doanh";
    }
    return "Hộ kinh doanh";
}

std::optional<ProducerKind> producerKindFromKey(std::string_view key)
{
    if (key == "enterprise") return ProducerKind::Enterprise;
    if (key == "cooperative") return ProducerKind::Cooperative;
    if (key == "household") return ProducerKind::Household;
    return std::nullopt;
}

void validateProduct(const Product& p)
{
    if (p.code.empty())
        throw UserError("product code is empty");
    if (p.nameVi.empty())
        throw UserError("product " + p.code + ": name is empty");
    if (!p.gtin.empty() && !isValidGtin(p.gtin))
        throw UserError("product " + p.code + ": GTIN " + p.gtin + " has a wrong check digit or length");
    if (p.stars < 3 || p.stars > 5)
        throw UserError("product " + p.code + ": OCOP stars must be 3, 4 or 5");
    if (p.price < 0)
        throw UserError("product " + p.code + ": price is negative");
    if (!isSupportedVatRate(p.vatRate))
        throw UserError("product " + p.code + ": VAT rate must be 0, 5, 8 or 10");
}

std::string addMonthsIso(std::string_view isoDate, int months)
{
    int y = 0, m = 0, d = 0;
    if (std::sscanf(std::string(isoDate).c_str(), "%d-%d-%d", &y, &m, &d) != 3)
        return {};
    int total = y * 12 + (m - 1) + months;
    y = total / 12;
    m = total % 12 + 1;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int last = kDays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        last = 29;
    if (d > last)
        d = last;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

} // namespace ocop
