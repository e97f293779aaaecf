package io.gridhub.api.store;

import java.util.List;

/**
 * A point's buckets and data-quality gaps over one period, as {@link TimeSeriesStore#bucketsAndGaps} reads them
 * together.
 *
 * @param buckets as {@link TimeSeriesStore#aggregate} returns them: good samples only, empty buckets left out
 * @param gaps    as {@link TimeSeriesStore#gaps} returns them, in time order
 * @since 0.6
 */
public record BucketsAndGaps(List<Bucket> buckets, List<QualityGap> gaps) {
    public BucketsAndGaps {
        buckets = List.copyOf(buckets);
        gaps = List.copyOf(gaps);
    }
}
