using Microsoft.Extensions.Time.Testing;

namespace Storefront.Tests.Infrastructure;

/// <summary>
/// One Storefront for all the tests of a class (a class fixture): the app starts, and migrates its
/// database, once; before each test it is reset to that freshly migrated state with the test's own
/// clock. Tests of a class run one after another, so none sees another's data. The host's options
/// come from the first test (every test of a class asks for the same ones). An SMTP server for the
/// class is there when asked for; its inbox is emptied with each reset.
/// </summary>
public sealed class StorefrontHost : IAsyncLifetime
{
    private StorefrontFactory? _app;
    private SmtpTestServer? _smtp;

    /// <summary>A real SMTP server on 127.0.0.1 for this class's app; started on first use.</summary>
    public async Task<SmtpTestServer> SmtpAsync()
    {
        if (_smtp is null)
        {
            _smtp = new SmtpTestServer();
            await _smtp.StartAsync();
        }
        else if (!_smtp.IsRunning)
        {
            // A test stopped it to see the app cope with SMTP being down.
            await _smtp.StartAsync();
        }
        return _smtp;
    }

    /// <summary>The class's app, freshly reset for the calling test (started on the first call).</summary>
    public async Task<StorefrontFactory> AppForTestAsync(Func<Task<StorefrontOptions>> options, FakeTimeProvider? clock = null)
    {
        if (_app is null)
        {
            var o = await options();
            var app = new StorefrontFactory(clock is null ? o : o with { Clock = clock });
            try
            {
                await app.StartAsync();
            }
            catch
            {
                // The next test tries again and fails with the same, real, reason.
                await app.DisposeAsync();
                throw;
            }
            _app = app;
        }
        else
        {
            await _app.ResetAsync(clock);
        }
        _smtp?.Messages.Clear();
        return _app;
    }

    public Task<StorefrontFactory> AppForTestAsync(StorefrontOptions options, FakeTimeProvider? clock = null) =>
        AppForTestAsync(() => Task.FromResult(options), clock);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }
    }
}
