package dev.rill.operators.keyed;

/** Which keys a {@link BatchJoin} emits, after Spark's {@code PairRDDFunctions} joins. */
public enum JoinType
{
    /** {@code join}: keys in both streams; every left value with every right value. */
    INNER,
    /** {@code leftOuterJoin}: also each left value of a key absent on the right, with the right side absent. */
    LEFT_OUTER,
    /** {@code rightOuterJoin}: also each right value of a key absent on the left, with the left side absent. */
    RIGHT_OUTER,
    /** {@code fullOuterJoin}: both of the above. */
    FULL_OUTER
}
