// The sell screen's answer to scans (PosController::handleScan): products
// with their lots go into the cart, traceability codes open the trace panel,
// an expired lot waits for a manager, payment and unknown codes are refused.
#include "app/pos_controller.h"
#include "core/timeutil.h"
#include "service/pos_service.h"

#include <QGuiApplication>
#include <QTemporaryDir>

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>

using namespace ocop;

namespace {

class TraceScan : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        static int argc = 1;
        static char name[] = "test_trace_scan";
        static char* argv[] = {name, nullptr};
        if (!QCoreApplication::instance())
            new QGuiApplication(argc, argv);
        spdlog::set_level(spdlog::level::err);
    }

    void SetUp() override
    {
        ASSERT_TRUE(dir.isValid());
        service = PosService::initDemo(dir.path().toStdString(), DemoOptions{300, 2021});
        controller = std::make_unique<PosController>(*service);
        controller->setLanguage(QStringLiteral("en"));
        Store& store = service->store();
        for (const auto& u : store.users())
            if (u.active && u.role == Role::Cashier && cashier.empty())
                cashier = u.id;
        if (!store.openShift())
            store.startShift(cashier, 0, nowMs());
        controller->startDemoSession(cashier);
        controller->setScreen(QStringLiteral("sell"));
        for (const auto& p : service->products())
            if (p.active && p.gtin.size() == 13 && !p.traceUrl.empty() && store.onHand(p.code) >= 5) {
                product = &p;
                break;
            }
        ASSERT_NE(product, nullptr);
    }

    // A GS1 DataMatrix: the product's GTIN, a lot and an expiry `days` from today.
    QString gs1Pack(const std::string& lot, int days) const
    {
        const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now() +
                                                               std::chrono::hours(7)) +
                         std::chrono::days(days);
        const std::chrono::year_month_day ymd(day);
        char yymmdd[8];
        std::snprintf(yymmdd, sizeof yymmdd, "%02d%02u%02u", static_cast<int>(ymd.year()) % 100,
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
        return QString::fromStdString("010" + product->gtin + "10" + lot + "\x1d" "17" + yymmdd);
    }

    int cartLines() const { return static_cast<int>(controller->itemCount()); }

    QTemporaryDir dir;
    std::unique_ptr<PosService> service;
    std::unique_ptr<PosController> controller;
    std::string cashier;
    const Product* product = nullptr;
};

} // namespace

TEST_F(TraceScan, APackWithAGoodLotGoesStraightIntoTheCart)
{
    EXPECT_TRUE(controller->handleScan(gs1Pack("L-GOOD", 120), QStringLiteral("]d2")));
    EXPECT_EQ(controller->errorMessage(), QString());
    EXPECT_TRUE(controller->trace().isEmpty());
    EXPECT_EQ(cartLines(), 1);
}

TEST_F(TraceScan, AnExpiredLotWaitsForAManager)
{
    controller->handleScan(gs1Pack("L-OLD", -3), QStringLiteral("]d2"));
    EXPECT_EQ(cartLines(), 0) << "not sold on a cashier's scan";
    const auto t = controller->trace();
    ASSERT_TRUE(t.value(QStringLiteral("open")).toBool());
    EXPECT_EQ(t.value(QStringLiteral("lot")).toString(), QStringLiteral("L-OLD"));
    EXPECT_EQ(t.value(QStringLiteral("lotStatus")).toString(), QStringLiteral("expired"));
    EXPECT_TRUE(t.value(QStringLiteral("needsOverride")).toBool());
    EXPECT_TRUE(t.value(QStringLiteral("overrideNeedsPin")).toBool());

    EXPECT_FALSE(controller->addTracedProduct(QString()));
    EXPECT_FALSE(controller->addTracedProduct(QStringLiteral("1111"))) << "a cashier's PIN is not a manager's";
    EXPECT_EQ(cartLines(), 0);
    EXPECT_TRUE(controller->addTracedProduct(QStringLiteral("9999")));
    EXPECT_EQ(cartLines(), 1);
    EXPECT_TRUE(controller->trace().isEmpty()) << "the panel closes once added";
}

TEST_F(TraceScan, TraceabilityCodesOpenThePanelWithoutSelling)
{
    controller->handleScan(QString::fromStdString(product->traceUrl), QStringLiteral("]Q1"));
    EXPECT_EQ(cartLines(), 0);
    auto t = controller->trace();
    ASSERT_TRUE(t.value(QStringLiteral("open")).toBool());
    EXPECT_EQ(t.value(QStringLiteral("code")).toString(), QString::fromStdString(product->code));
    EXPECT_FALSE(t.value(QStringLiteral("producer")).toString().isEmpty());
    EXPECT_FALSE(t.value(QStringLiteral("certificateStatus")).toString().isEmpty());
    EXPECT_FALSE(t.value(QStringLiteral("hasLot")).toBool());
    EXPECT_TRUE(controller->addTracedProduct(QString()));
    EXPECT_EQ(cartLines(), 1);

    // Leaving the sell screen closes the panel.
    controller->showTrace(QString::fromStdString(product->code));
    EXPECT_FALSE(controller->trace().isEmpty());
    controller->setScreen(QStringLiteral("return"));
    EXPECT_TRUE(controller->trace().isEmpty());
}

TEST_F(TraceScan, PaymentAndUnknownCodesAreRefusedWithAReason)
{
    controller->handleScan(QStringLiteral("00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA"
                                          "53037045802VN6304AE9F"),
                           QStringLiteral("]Q1"));
    EXPECT_TRUE(controller->errorMessage().contains(QStringLiteral("VietQR"))) << controller->errorMessage().toStdString();
    controller->handleScan(QStringLiteral("4006381333931"), QString());
    EXPECT_TRUE(controller->errorMessage().contains(QStringLiteral("4006381333931")));
    EXPECT_EQ(cartLines(), 0);
    EXPECT_TRUE(controller->trace().isEmpty());
}

TEST_F(TraceScan, VietQrForTheSaleBeingPaid)
{
    ASSERT_TRUE(controller->vietQrAvailable()) << "the demo terminal has a bank account";
    const QString payload = controller->vietQrPayload(125000);
    EXPECT_TRUE(payload.startsWith(QStringLiteral("000201010212"))) << "dynamic";
    EXPECT_TRUE(payload.contains(QStringLiteral("5406125000")));
    EXPECT_TRUE(payload.contains(controller->vietQrPurpose())) << payload.toStdString();
    EXPECT_TRUE(controller->vietQrPayload(0).isEmpty());
    service->store().setSetting("bank_bin", "");
    EXPECT_FALSE(controller->vietQrAvailable());
    EXPECT_TRUE(controller->vietQrPayload(125000).isEmpty());
}
