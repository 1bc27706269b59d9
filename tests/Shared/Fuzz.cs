using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsCheck;

namespace TR069Acs.Tests.Shared;

/// <summary>The property every parser of network or operator input must keep, checked with CsCheck over random and
/// mutated inputs: it returns a result or throws its documented exception, within a time and allocation bound.</summary>
/// <remarks>
/// Reproducing a failure: CsCheck prints the seed of the failing input (<c>Set seed: "…"</c>); run the one test again
/// with the environment variable <c>CsCheck_Seed</c> set to it. <c>ACS_FUZZ_SCALE</c> multiplies every iteration
/// count (e.g. 20 for a longer local run); the defaults keep the whole fuzz set to well under a minute on two cores.
/// Shared by the test projects as a linked source file.
/// </remarks>
internal static class Fuzz
{
    /// <summary>Longest one input may take, generous for a loaded CI machine.</summary>
    public static readonly TimeSpan PerInput = TimeSpan.FromSeconds(5);

    /// <summary>Most one input may allocate: every parser here caps its input well below this.</summary>
    public const long MaxAllocatedBytes = 64L << 20;

    /// <summary><paramref name="count"/> scaled by <c>ACS_FUZZ_SCALE</c>.</summary>
    public static long Iterations(long count)
        => double.TryParse(Environment.GetEnvironmentVariable("ACS_FUZZ_SCALE"), NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && scale > 0
            ? Math.Max(1, (long)(count * scale))
            : count;

    /// <summary>A whole check may take this long (its inputs run one after another); past it a parser is taken to loop.</summary>
    public static readonly TimeSpan PerCheck = TimeSpan.FromMinutes(2);

    /// <summary>Checks the property for <paramref name="iterations"/> inputs of <paramref name="gen"/>: <paramref name="parse"/>
    /// returns, or throws one of <paramref name="expected"/> with a message; anything else fails with the seed.</summary>
    public static void Check<T>(Gen<T> gen, Action<T> parse, long iterations, Func<T, string>? print = null, params Type[] expected)
    {
        var run = Task.Run(() => gen.Sample(input => Once(input, parse, expected), iter: Iterations(iterations), threads: 1, print: print));
        if (Task.WhenAny(run, Task.Delay(PerCheck)).GetAwaiter().GetResult() != run)
        {
            throw new TimeoutException($"the check did not finish within {PerCheck.TotalMinutes:0} minutes: a parser loops or is far too slow");
        }
        run.GetAwaiter().GetResult();
    }

    /// <summary>The asynchronous form of <see cref="Check{T}"/> for inputs sent to a running server: <paramref name="send"/>
    /// checks the answer itself; each input must finish within <see cref="PerInput"/>.</summary>
    public static Task CheckAsync<T>(Gen<T> gen, Func<T, Task> send, long iterations, Func<T, string>? print = null)
        => gen.SampleAsync(async input =>
        {
            var run = send(input);
            if (await Task.WhenAny(run, Task.Delay(PerInput)) != run)
            {
                throw new TimeoutException($"no answer within {PerInput.TotalSeconds:0}s");
            }
            await run;
        }, iter: Iterations(iterations), threads: 1, print: print);

    /// <summary>One input: the property, with the time and allocation bounds (measured on this thread).</summary>
    public static void Once<T>(T input, Action<T> parse, params Type[] expected)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        try
        {
            parse(input);
        }
        catch (Exception ex) when (expected.Any(t => t.IsInstanceOfType(ex)))
        {
            if (string.IsNullOrWhiteSpace(ex.Message))
            {
                throw new InvalidOperationException($"{ex.GetType().Name} without a message", ex);
            }
        }
        watch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (watch.Elapsed > PerInput)
        {
            throw new TimeoutException($"one input took {watch.ElapsedMilliseconds} ms (bound {PerInput.TotalMilliseconds:0} ms)");
        }
        if (allocated > MaxAllocatedBytes)
        {
            throw new InvalidOperationException($"one input allocated {allocated:N0} bytes (bound {MaxAllocatedBytes:N0})");
        }
    }

    /// <summary>Inputs made from <paramref name="seeds"/> by 1–8 random edits: bit flips, byte changes, deletions,
    /// duplications, splices of another seed, and insertions of <paramref name="tokens"/> (the syntax that matters).</summary>
    public static Gen<byte[]> Mutated(IReadOnlyList<byte[]> seeds, IReadOnlyList<byte[]> tokens)
        => Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Int, (index, seed) => Mutate(seeds, index, seed, tokens));

    /// <summary><see cref="Mutated(IReadOnlyList{byte[]}, IReadOnlyList{byte[]})"/> over text, as UTF-8.</summary>
    public static Gen<string> MutatedText(IReadOnlyList<string> seeds, IReadOnlyList<string> tokens)
        => Mutated([.. seeds.Select(Encoding.UTF8.GetBytes)], [.. tokens.Select(Encoding.UTF8.GetBytes)]).Select(b => Encoding.UTF8.GetString(b));

    /// <summary>Random text from an alphabet of the grammar's characters and tokens, up to <paramref name="maxParts"/> parts.</summary>
    public static Gen<string> Tokens(IReadOnlyList<string> tokens, int maxParts = 40)
        => Gen.Int[0, tokens.Count - 1].Array[0, maxParts].Select(parts => string.Concat(parts.Select(p => tokens[p])));

    /// <summary>Prints an input for a failure report: text, shortened.</summary>
    public static string Show(byte[] bytes) => Show(Encoding.UTF8.GetString(bytes));

    /// <inheritdoc cref="Show(byte[])"/>
    public static string Show(string text) => text.Length <= 2000 ? text : text[..2000] + $"… ({text.Length} chars)";

    private static byte[] Mutate(IReadOnlyList<byte[]> seeds, int index, int seed, IReadOnlyList<byte[]> tokens)
    {
        var random = new Random(seed);
        var data = new List<byte>(seeds[index]);
        var edits = random.Next(1, 9);
        for (var e = 0; e < edits; e++)
        {
            var at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(7))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[at] = (byte)random.Next(256);
                    break;
                case 2 when data.Count > 0:
                    data.RemoveRange(at, Math.Min(random.Next(1, 64), data.Count - at));
                    break;
                case 3 when data.Count > 0:
                    var length = Math.Min(random.Next(1, 256), data.Count - at);
                    data.InsertRange(random.Next(data.Count), data.GetRange(at, length));
                    break;
                case 4:
                    var other = seeds[random.Next(seeds.Count)];
                    if (other.Length > 0)
                    {
                        var from = random.Next(other.Length);
                        data.InsertRange(at, other.AsSpan(from, Math.Min(random.Next(1, 512), other.Length - from)).ToArray());
                    }
                    break;
                default:
                    if (tokens.Count > 0)
                    {
                        data.InsertRange(at, tokens[random.Next(tokens.Count)]);
                    }
                    break;
            }
        }
        return [.. data];
    }
}
