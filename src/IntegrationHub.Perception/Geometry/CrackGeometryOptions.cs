namespace IntegrationHub.Perception.Geometry;

/// <summary>Crack segmentation settings (<c>Perception:Cracks</c>).</summary>
public sealed class CrackGeometryOptions
{
    /// <summary>Side of the black-hat structuring element: dark lines narrower than about half of it stand out from the surface.</summary>
    public int BackgroundKernel { get; set; } = 41;

    /// <summary>Least darkness below the local surface (grey levels) a crack pixel has; Otsu's threshold is used when higher.</summary>
    public double MinContrast { get; set; } = 55;

    /// <summary>Components with a shorter skeleton are pores or stains, not cracks.</summary>
    public double MinLengthPx { get; set; } = 50;

    /// <summary>Least length / mean width: blobs are not cracks.</summary>
    public double MinElongation { get; set; } = 4;

    /// <summary>Skeleton points returned per crack, sampled evenly.</summary>
    public int MaxSkeletonPoints { get; set; } = 400;
}
