using System.Net;
using System.Net.Sockets;

namespace IntegrationHub.Host.Tests.Infrastructure;

/// <summary>
/// A loopback port posing as a database server: it accepts and counts TCP connections and answers none. A process
/// configured with it as its database (or a db-table connector's) and showing zero connections never tried to reach it.
/// </summary>
internal sealed class ConnectionTrap : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _connections;

    private ConnectionTrap()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>A PostgreSQL connection string that points here.</summary>
    public string PostgresConnectionString => $"Host=127.0.0.1;Port={Port};Username=hub;Password=hub;Database=hub;Timeout=2";

    public static ConnectionTrap Start() => new();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
