namespace TR069Acs.Cli.Commands.Campaigns;

/// <summary>Where <c>acs campaigns watch</c> shows progress: a redrawn line on a terminal, or plain lines when stdout
/// is a pipe or a file, at most one per
/// <see cref="PlainInterval"/> unless the status changes.</summary>
internal sealed class ProgressView(TextWriter output, bool terminal, Func<int> width, bool unicode, TimeProvider time)
{
    /// <summary>One line a second keeps a log of a long campaign readable.</summary>
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(1);

    private readonly ProgressRate _rate = new();
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private CampaignSnapshot? _shown;
    private DateTimeOffset _shownAt;
    private bool _lineOpen;

    /// <summary>Redraws the bar, or prints a line, for a newer state of the campaign.</summary>
    public void Update(CampaignSnapshot campaign)
    {
        var now = time.GetUtcNow();
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
            return;
        }
        _shown = campaign;
    }

    /// <summary>A message between progress lines (connection lost, reconnected …), on its own line.</summary>
    public void Note(TextWriter writer, string message)
    {
        EndLine();
        writer.WriteLine(message);
    }

    /// <summary>The last state and the summary.</summary>
    public void Finish(CampaignSnapshot campaign)
    {
        if (terminal || _shown != campaign)
        {
            _shownAt = DateTimeOffset.MinValue;
            _shown = null;
            Update(campaign);
        }
        EndLine();
        output.WriteLine(ProgressFormat.Final(campaign, time.GetUtcNow() - _started));
        output.Flush();
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
