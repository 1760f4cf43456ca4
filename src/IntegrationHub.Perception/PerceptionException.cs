using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Perception;

/// <summary>Bad input or an unusable model; becomes a <see cref="ContractError"/> in the reply.</summary>
public sealed class PerceptionException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;

    public ContractError ToError() => new(Code, Message);
}

/// <summary>The error codes replies carry.</summary>
public static class PerceptionErrors
{
    public const string ImageEmpty = "image.empty";
    public const string ImageCorrupt = "image.corrupt";
    public const string ImageTruncated = "image.truncated";
    public const string ImageUnsupported = "image.unsupported-format";
    public const string ImageTooLarge = "image.too-large";
    public const string ImageMissing = "image.missing";
    public const string ReferenceNotAllowed = "image.reference-not-allowed";
    public const string ReferenceNotFound = "image.reference-not-found";
    public const string ModelUnknown = "model.unknown";
    public const string ModelFileMissing = "model.file-missing";
    public const string ModelHashMismatch = "model.hash-mismatch";
    public const string ModelWrongTask = "model.wrong-task";
    public const string ModelInvalid = "model.invalid";
    public const string TensorShape = "tensor.shape-mismatch";
    public const string RequestInvalid = "request.invalid";
    public const string Internal = "internal";
}
