using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace TR069Acs.EndToEnd.Tests.Campaigns;

/// <summary>
/// Counts the firmware GETs served by an in-process ACS's file server, and the most served at once, from ASP.NET
/// Core's own request diagnostics (<c>Microsoft.AspNetCore.Hosting.HttpRequestIn.Start/Stop</c>, which carry the
/// HttpContext). Only requests that arrived on <see cref="FilesPort"/> for <c>/firmware/…</c> count, so the ACS's
/// other listeners and other tests' servers in the same process are ignored. Nothing in the ACS is changed for it.
/// </summary>
public sealed class FileServerProbe : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private const string Start = "Microsoft.AspNetCore.Hosting.HttpRequestIn.Start";
    private const string Stop = "Microsoft.AspNetCore.Hosting.HttpRequestIn.Stop";

    private readonly List<IDisposable> _subscriptions = [];
    private readonly Lock _lock = new();
    private readonly IDisposable _all;
    private int _current;

    public FileServerProbe(int filesPort)
    {
        FilesPort = filesPort;
        _all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public int FilesPort { get; }

    /// <summary>Firmware GETs that have started.</summary>
    public int Requests { get; private set; }

    /// <summary>The most firmware GETs in progress at one time.</summary>
    public int Peak { get; private set; }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == "Microsoft.AspNetCore")
        {
            lock (_lock)
            {
                _subscriptions.Add(listener.Subscribe(this, (name, _, _) => name is Start or Stop or "Microsoft.AspNetCore.Hosting.HttpRequestIn"));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value is not HttpContext http || http.Connection.LocalPort != FilesPort
            || !http.Request.Path.StartsWithSegments("/firmware", StringComparison.Ordinal) || !HttpMethods.IsGet(http.Request.Method))
        {
            return;
        }
        lock (_lock)
        {
            if (value.Key == Start)
            {
                Requests++;
                Peak = Math.Max(Peak, ++_current);
            }
            else if (value.Key == Stop)
            {
                _current--;
            }
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _all.Dispose();
        lock (_lock)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
