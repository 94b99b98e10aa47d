using Microsoft.Playwright;

namespace Storefront.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// One headless Chromium for the browser tests: the Debian package at /usr/bin/chromium driven by
/// Playwright's bundled driver. Never `playwright install` (it downloads a browser; no internet here).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private Exception? _startFailure;

    public IBrowser Browser => _browser
        ?? throw new InvalidOperationException("Chromium is not available: " + (_startFailure?.Message ?? TestEnvironment.ChromiumUnavailableReason), _startFailure);

    public async Task InitializeAsync()
    {
        if (TestEnvironment.ChromiumUnavailableReason is not null)
        {
            return;
        }
        try
        {
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = TestEnvironment.ChromiumPath,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                ],
            });
        }
        catch (Exception e)
        {
            _startFailure = e;
        }
    }

    /// <summary>A fresh page in its own context (no cookies shared between tests).</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), Locale = "en-GB" });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
