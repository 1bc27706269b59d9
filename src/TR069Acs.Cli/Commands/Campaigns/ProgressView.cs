namespace TR069Acs.Cli.Commands.Campaigns;

/// <summary>Where <c>acs campaigns watch</c> shows progress: a redrawn line on a terminal, or plain lines when stdout
/// is a pipe or a file, at most one per <see cref="PlainInterval"/> unless the status changes. A state held back by that
/// interval is printed when the interval ends, whether or not another event comes (the ACS sends one only on a change:
/// a held-back "3 succeeded" once stayed unprinted for 100 s behind "0 succeeded").</summary>
internal sealed class ProgressView(TextWriter output, bool terminal, Func<int> width, bool unicode, TimeProvider time) : IDisposable
{
    /// <summary>One line a second keeps a log of a long campaign readable.</summary>
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(1);

    private readonly ProgressRate _rate = new();
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private CampaignSnapshot? _shown;
    private DateTimeOffset _shownAt;
    private bool _lineOpen;
    private readonly Lock _gate = new();
    private CampaignSnapshot? _pending;
    private ITimer? _flush;

    /// <summary>Redraws the bar, or prints a line, for a newer state of the campaign.</summary>
    public void Update(CampaignSnapshot campaign)
    {
        lock (_gate)
        {
            Show(campaign);
        }
    }

    private void Show(CampaignSnapshot campaign)
    {
        var now = time.GetUtcNow();
        _pending = null;
        _rate.Add(now, campaign.Counts.Done);
        var eta = _rate.Eta(campaign.Counts.Remaining);
        if (terminal)
        {
            // \r and "erase to end of line" (ECMA-48 EL): the line is redrawn in place.
            output.Write("\r" + ProgressFormat.Bar(campaign, _rate.PerSecond, eta, Math.Max(20, width() - 1), unicode) + "\u001b[K");
            output.Flush();
            _lineOpen = true;
        }
        else if (_shown is null || _shown.Status != campaign.Status
                 || (_shown.Counts != campaign.Counts && now - _shownAt >= PlainInterval))
        {
            output.WriteLine(ProgressFormat.Plain(campaign, _rate.PerSecond, eta, now));
            output.Flush();
            _shownAt = now;
        }
        else
        {
            // Held back: shown when the interval ends unless a newer state comes first.
            _pending = campaign;
            var due = _shownAt + PlainInterval - now;
            _flush ??= time.CreateTimer(_ => FlushPending(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _flush.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            return;
        }
        _shown = campaign;
    }

    private void FlushPending()
    {
        lock (_gate)
        {
            if (_pending is { } pending)
            {
                _shownAt = DateTimeOffset.MinValue;
                Show(pending);
            }
        }
    }

    /// <summary>A line between progress lines (a maintenance window that is closed, and when it opens).</summary>
    public void Line(string message)
    {
        lock (_gate)
        {
            EndLine();
            output.WriteLine(message);
            output.Flush();
        }
    }

    /// <summary>A message between progress lines (connection lost, reconnected …), on its own line.</summary>
    public void Note(TextWriter writer, string message)
    {
        lock (_gate)
        {
            EndLine();
            writer.WriteLine(message);
        }
    }

    /// <summary>The last state and the summary.</summary>
    public void Finish(CampaignSnapshot campaign)
    {
        lock (_gate)
        {
            _flush?.Dispose();
            _flush = null;
            if (terminal || _shown != campaign)
            {
                _shownAt = DateTimeOffset.MinValue;
                _shown = null;
                Show(campaign);
            }
            _pending = null;
            EndLine();
            output.WriteLine(ProgressFormat.Final(campaign, time.GetUtcNow() - _started));
            output.Flush();
        }
    }

    /// <summary>Stops the timer of a held-back state.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _flush?.Dispose();
            _flush = null;
        }
    }

    /// <summary>Ends the redrawn line so that what follows starts on a fresh one.</summary>
    public void EndLine()
    {
        if (_lineOpen)
        {
            output.WriteLine();
            _lineOpen = false;
        }
    }
}
