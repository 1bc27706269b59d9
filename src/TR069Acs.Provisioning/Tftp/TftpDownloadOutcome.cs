namespace TR069Acs.Provisioning.Tftp;

/// <summary>How a TFTP download ended.</summary>
public enum TftpDownloadOutcome
{
    /// <summary>The whole file was received.</summary>
    Success,

    /// <summary>The server answered ERROR 1 (file not found); the phone's <c>Resync_Fails_On_FNF</c> decides what this means.</summary>
    NotFound,

    /// <summary>The server stopped answering: the last packet was retransmitted <see cref="TftpClientOptions.Retries"/> times in vain.</summary>
    Timeout,

    /// <summary>The server answered with another ERROR (access violation, option refusal, …); see the code and message.</summary>
    ServerError,

    /// <summary>The file is larger than <see cref="TftpClientOptions.MaxBytes"/>.</summary>
    TooLarge,

    /// <summary>The server sent something malformed or out of protocol; the message names it.</summary>
    ProtocolError,

    /// <summary>The host could not be resolved or the socket failed.</summary>
    NetworkError,
}
