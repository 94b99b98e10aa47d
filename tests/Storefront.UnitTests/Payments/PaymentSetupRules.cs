using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Storefront.Core.Payments;
using Storefront.Core.Payments.Stripe;

namespace Storefront.UnitTests.Payments;

/// <summary>Which way the store takes payment, from Stripe's keys, Payments:TestMode and the environment (ADR 0014).</summary>
public sealed class PaymentSetupRules
{
    private static readonly StripeOptions NoStripe = new();
    private static readonly StripeOptions LiveStripe = new() { SecretKey = "sk_live_x", WebhookSecret = "whsec_x" };
    private static readonly StripeOptions TestStripe = new() { SecretKey = "sk_test_x", WebhookSecret = "whsec_x" };

    private static PaymentSetup Decide(StripeOptions stripe, bool? testMode, string environment) =>
        PaymentSetup.Decide(stripe, new PaymentsOptions { TestMode = testMode }, new Environment(environment));

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void OutsideDevelopmentWithoutStripeTheTestGatewayIsOffUnlessAskedFor(string environment)
    {
        Assert.Equal(new PaymentSetup(PaymentMode.NotConfigured, false), Decide(NoStripe, null, environment));
        Assert.Equal(new PaymentSetup(PaymentMode.NotConfigured, false), Decide(NoStripe, false, environment));
        Assert.Equal(new PaymentSetup(PaymentMode.Test, true), Decide(NoStripe, true, environment));
    }

    [Fact]
    public void InDevelopmentTheTestGatewayIsOnUnlessTurnedOff()
    {
        Assert.Equal(new PaymentSetup(PaymentMode.Test, true), Decide(NoStripe, null, "Development"));
        Assert.Equal(PaymentMode.NotConfigured, Decide(NoStripe, false, "Development").Mode);
    }

    [Fact]
    public void StripeWinsAndOnlyItsTestKeysCountAsNoRealCharges()
    {
        Assert.Equal(new PaymentSetup(PaymentMode.Stripe, false), Decide(LiveStripe, true, "Production"));
        Assert.Equal(new PaymentSetup(PaymentMode.Stripe, true), Decide(TestStripe, null, "Production"));
    }

    [Fact]
    public void AStripeSecretWithoutTheWebhookSecretIsNoStripe()
    {
        var half = new StripeOptions { SecretKey = "sk_live_x" };
        Assert.Equal(PaymentMode.NotConfigured, Decide(half, null, "Production").Mode);
    }

    [Fact]
    public void OnlyAStoreThatCannotTakePaymentRefusesOrders()
    {
        Assert.False(Decide(NoStripe, null, "Production").TakesPayments);
        Assert.True(Decide(NoStripe, true, "Production").TakesPayments);
        Assert.True(Decide(LiveStripe, null, "Production").TakesPayments);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Storefront";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
