using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Storefront.Tests.Infrastructure;

/// <summary>A real SMTP server on 127.0.0.1 in the test process; MailKit talks to it over a socket.</summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private CancellationTokenSource? _running;
    private Task? _serverTask;
    private TaskCompletionSource _arrival = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SmtpTestServer()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    public bool IsRunning => _running is not null;

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("127.0.0.1").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        var server = new SmtpServer.SmtpServer(options, services);
        _running = new CancellationTokenSource();
        _serverTask = server.StartAsync(_running.Token);
        await WaitUntilListeningAsync();
    }

    public async Task StopAsync()
    {
        if (_running is null)
        {
            return;
        }
        await _running.CancelAsync();
        try
        {
            await _serverTask!;
        }
        catch (OperationCanceledException)
        {
        }
        _running.Dispose();
        _running = null;
    }

    /// <summary>Returns what has arrived as soon as there are <paramref name="count"/> messages, or at the deadline.</summary>
    public Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, TimeSpan timeout) =>
        WaitForAsync(messages => messages.Count >= count, timeout);

    /// <summary>Returns what has arrived as soon as it satisfies <paramref name="enough"/>, or at the deadline.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(Func<IReadOnlyList<MimeMessage>, bool> enough, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var arrival = Volatile.Read(ref _arrival).Task;
            var messages = Messages.ToList();
            var left = deadline - DateTime.UtcNow;
            if (enough(messages) || left <= TimeSpan.Zero)
            {
                return messages;
            }
            // Woken by the next message to arrive, not by a timer.
            await Task.WhenAny(arrival, Task.Delay(left));
        }
    }

    private void Arrived(MimeMessage message)
    {
        Messages.Enqueue(message);
        Interlocked.Exchange(ref _arrival, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task WaitUntilListeningAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }
        throw new InvalidOperationException("The test SMTP server did not start.");
    }

    private sealed class Store(SmtpTestServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            server.Arrived(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
