using System.Runtime.InteropServices;

namespace TR069Acs.Cli.Commands;

/// <summary>SIGTERM and SIGINT end a long-running command cleanly: the token is cancelled, the command saves its state
/// and returns. A process started in the background by a non-interactive shell inherits SIGINT as ignored (POSIX job
/// control), so that disposition is reset first: <c>kill -INT</c> from a script must stop it too.</summary>
internal sealed partial class StopSignals : IDisposable
{
    private const int SigInt = 2;

    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration[] _registrations;

    public StopSignals(CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            // SIG_DFL (0): the runtime's handler below then takes the signal over.
            _ = ResetSignal(SigInt, IntPtr.Zero);
        }
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
        ];
    }

    /// <summary>Cancelled by a signal or by the caller's token.</summary>
    public CancellationToken Token => _stop.Token;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _stop.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _stop.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial IntPtr ResetSignal(int signal, IntPtr handler);
}
