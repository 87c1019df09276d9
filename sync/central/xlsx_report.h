#pragma once
// Excel workbooks for the city's trade department, written with libxlsxwriter.
// Input is the JSON the store's reports produce, so the spreadsheet and
// `report sales --json` can never disagree.
#include <nlohmann/json.hpp>

#include <string>

namespace ocop::central {

// Sheets: summary by sales point, by point and day, by product, by OCOP group
// and stars, by payment method. Money cells are whole đồng numbers.
// Writes PATH atomically (a partial file is never left under that name);
// throws UserError when PATH cannot be written.
void writeSalesWorkbook(const nlohmann::json& salesReport, const std::string& path, const std::string& generatedAt);

// One sheet: on-hand quantity per sales point and product.
void writeStockWorkbook(const nlohmann::json& stockRows, const std::string& path, const std::string& generatedAt);

} // namespace ocop::central
