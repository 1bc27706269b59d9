using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TR069Acs.Provisioning.Intervals;

/// <summary>
/// The value of <c>Resync_Periodic</c>, <c>Resync_Error_Retry_Delay</c> and <c>Upgrade_Error_Retry_Delay</c>:
/// <list type="bullet">
/// <item><c>3600</c>: every wait is 3600 s;</item>
/// <item><c>600,1200,300</c>: the first wait is 600 s, the second 1200 s, the third and every later one 300 s
/// (the last step repeats);</item>
/// <item><c>2400+30</c>: 2400 s plus a random 0–30 s (each list item may carry its own <c>+random</c>);</item>
/// <item><c>0</c>: disabled (no periodic resync, no retry).</item>
/// </list>
/// Spaces around <c>,</c> and <c>+</c> are allowed, as the phone's own examples show (<c>600 , 1200 , 300</c>).
/// </summary>
public sealed class ResyncInterval
{
    private const string Formats = "expected seconds such as 3600, a list such as 600,1200,300, a range such as 2400+30, or 0 to disable";

    private readonly IntervalStep[] _steps;

    private ResyncInterval(IntervalStep[] steps) => _steps = steps;

    /// <summary>The disabled interval (<c>0</c>).</summary>
    public static ResyncInterval Disabled { get; } = new([]);

    /// <summary>The steps in order; empty when disabled.</summary>
    public IReadOnlyList<IntervalStep> Steps => _steps;

    /// <summary>True for <c>0</c>: nothing is scheduled.</summary>
    public bool IsDisabled => _steps.Length == 0;

    /// <summary>The step for the <paramref name="attempt"/>-th wait (0-based); the last step repeats.</summary>
    /// <exception cref="InvalidOperationException">The interval is disabled.</exception>
    public IntervalStep StepFor(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        if (IsDisabled)
        {
            throw new InvalidOperationException("the interval is disabled (0)");
        }

        return _steps[Math.Min(attempt, _steps.Length - 1)];
    }

    /// <summary>The wait before the <paramref name="attempt"/>-th event (0-based), or null when disabled.</summary>
    public TimeSpan? GetDelay(int attempt, Random random) => IsDisabled ? null : StepFor(attempt).Pick(random);

    /// <summary>Parses an interval; <see cref="IntervalFormatException"/> names what is wrong.</summary>
    public static ResyncInterval Parse(string text) =>
        TryParse(text, out var interval, out var error) ? interval : throw new IntervalFormatException(error);

    /// <summary>Parses an interval.</summary>
    /// <param name="text">The parameter value.</param>
    /// <param name="interval">The parsed interval.</param>
    /// <param name="error">What is wrong, naming the offending item.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ResyncInterval? interval, [NotNullWhen(false)] out string? error)
    {
        interval = null;
        var span = (text ?? "").AsSpan().Trim();
        if (span.IsEmpty)
        {
            error = "empty interval: " + Formats;
            return false;
        }

        if (span.SequenceEqual("0"))
        {
            interval = Disabled;
            error = null;
            return true;
        }

        var steps = new List<IntervalStep>(4);
        foreach (var range in span.Split(','))
        {
            var item = span[range].Trim();
            if (!TryParseStep(item, out var step, out error))
            {
                return false;
            }

            steps.Add(step);
        }

        interval = new ResyncInterval([.. steps]);
        error = null;
        return true;
    }

    /// <summary>The canonical text (<c>600,1200,300</c>, <c>2400+30</c>, <c>0</c>).</summary>
    public override string ToString() => IsDisabled ? "0" : string.Join(",", _steps);

    private static bool TryParseStep(ReadOnlySpan<char> item, out IntervalStep step, [NotNullWhen(false)] out string? error)
    {
        step = default;
        if (item.IsEmpty)
        {
            error = "empty item in the list: " + Formats;
            return false;
        }

        var plus = item.IndexOf('+');
        var fixedPart = (plus < 0 ? item : item[..plus]).Trim();
        var randomPart = plus < 0 ? default : item[(plus + 1)..].Trim();
        if (!TryParseSeconds(fixedPart, out var seconds) || (plus >= 0 && !TryParseSeconds(randomPart, out _)))
        {
            error = $"'{item}' is not a number of seconds: {Formats}";
            return false;
        }

        if (seconds == 0)
        {
            error = $"'{item}': 0 is only allowed alone, meaning disabled; {Formats}";
            return false;
        }

        var random = 0;
        if (plus >= 0)
        {
            TryParseSeconds(randomPart, out random);
        }

        step = new IntervalStep(seconds, random);
        error = null;
        return true;
    }

    private static bool TryParseSeconds(ReadOnlySpan<char> text, out int seconds) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && !text.IsEmpty;
}
