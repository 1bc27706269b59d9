namespace TR069Acs.Cwmp;

/// <summary>The fault codes of TR-069 Table 130 (ACS) and Table 131 (CPE).</summary>
public static class FaultCodes
{
    public const int MethodNotSupported = 8000;
    public const int RequestDenied = 8001;
    public const int InternalError = 8002;
    public const int InvalidArguments = 8003;
    public const int ResourcesExceeded = 8004;
    public const int RetryRequest = 8005;
    public const int AcsVersionIncompatible = 8006;

    public const int CpeMethodNotSupported = 9000;
    public const int CpeRequestDenied = 9001;
    public const int CpeInternalError = 9002;
    public const int CpeInvalidArguments = 9003;
    public const int CpeResourcesExceeded = 9004;
    public const int InvalidParameterName = 9005;
    public const int InvalidParameterType = 9006;
    public const int InvalidParameterValue = 9007;
    public const int NonWritableParameter = 9008;
    public const int NotificationRequestRejected = 9009;
    public const int DownloadFailure = 9010;
    public const int UploadFailure = 9011;
    public const int FileTransferAuthenticationFailure = 9012;
    public const int UnsupportedTransferProtocol = 9013;
    public const int DownloadFailureMulticastJoin = 9014;
    public const int DownloadFailureContactServer = 9015;
    public const int DownloadFailureAccessFile = 9016;
    public const int DownloadFailureComplete = 9017;
    public const int DownloadFailureFileCorrupted = 9018;
    public const int DownloadFailureFileAuthentication = 9019;
}
