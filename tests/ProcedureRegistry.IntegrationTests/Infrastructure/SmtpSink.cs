using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>
/// A real SMTP server on a loopback port (the SmtpServer library, in process) that keeps what it accepts. It can
/// refuse every message with a reply code of the test's choice (550 user unknown, 451 try later) or be stopped, to test
/// failed deliveries; and slow down, to stop an app mid-dispatch.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Store _store = new();
    private CancellationTokenSource? _stop;
    private Task? _running;

    public int Port { get; } = FreePort();
    /// <summary>What the server accepted, parsed (on demand: the server itself only keeps the bytes).</summary>
    public IReadOnlyList<MimeMessage> Messages => _store.Parsed();
    /// <summary>How many messages the server accepted (cheap).</summary>
    public int Count => _store.Raw.Count;
    /// <summary>When set, every message is refused at DATA with this reply code (e.g. 550, 451); null accepts.</summary>
    public int? RefuseWith { get => _store.RefuseWith; set => _store.RefuseWith = value; }
    public TimeSpan DelayPerMessage { get => _store.Delay; set => _store.Delay = value; }

    public IReadOnlyDictionary<string, string?> AppSettings => new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = Port.ToString(),
        ["Smtp:Security"] = "None",
        ["Smtp:From"] = "reminders@clinic.test",
        ["Smtp:TimeoutSeconds"] = "10",
    };

    public static async Task<SmtpSink> StartAsync()
    {
        var sink = new SmtpSink();
        await sink.StartListeningAsync();
        return sink;
    }

    public async Task StartListeningAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        var server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = server.StartAsync(_stop.Token);
        // Ready when the port answers.
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }
        throw new InvalidOperationException($"The test SMTP server did not start on port {Port}.");
    }

    /// <summary>Stops listening: connections are refused until <see cref="StartListeningAsync"/> is called again.</summary>
    public async Task StopAsync()
    {
        if (_stop is null)
        {
            return;
        }
        await _stop.CancelAsync();
        try
        {
            await _running!;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
        _stop = null;
    }

    public void Clear() => _store.Clear();

    public async ValueTask DisposeAsync() => await StopAsync();

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class Store : MessageStore
    {
        private readonly Lock _parseLock = new();
        private readonly List<MimeMessage> _parsed = [];
        public ConcurrentQueue<byte[]> Raw { get; } = new();
        public int? RefuseWith;
        public TimeSpan Delay;

        public IReadOnlyList<MimeMessage> Parsed()
        {
            lock (_parseLock)
            {
                foreach (var bytes in Raw.Skip(_parsed.Count).ToList())
                {
                    using var stream = new MemoryStream(bytes);
                    _parsed.Add(MimeMessage.Load(stream));
                }
                return [.. _parsed];
            }
        }

        public void Clear()
        {
            lock (_parseLock)
            {
                Raw.Clear();
                _parsed.Clear();
            }
        }

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, CancellationToken.None);
            }
            if (RefuseWith is { } code)
            {
                return new SmtpResponse((SmtpReplyCode)code, code >= 500 ? "5.1.1 User unknown" : "4.3.2 Try again later");
            }
            Raw.Enqueue(buffer.ToArray());
            return SmtpResponse.Ok;
        }
    }
}
