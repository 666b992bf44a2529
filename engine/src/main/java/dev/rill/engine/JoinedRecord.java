package dev.rill.engine;

import dev.rill.operators.keyed.JoinType;

/**
 * How a join result is laid out in an {@link Event}: {@code key}, the left value in {@code long0}, the right value in
 * {@code long1}, the batch time (ms) in {@code long2}, and which sides are present in {@code long3}
 * ({@link #HAS_LEFT} | {@link #HAS_RIGHT}). An absent side (Spark's {@code None} in outer joins) has its bit clear
 * and its value 0; read it with {@link #hasLeft}/{@link #hasRight}, never by testing the value for 0.
 * <p>
 * Text form ({@link #formatter(JoinType)}, set on the join's stream for {@code print}), as Spark prints the tuples:
 * <pre>
 *   join            (k,(l,r))
 *   leftOuterJoin   (k,(l,Some(r)))        (k,(l,None))
 *   rightOuterJoin  (k,(Some(l),r))        (k,(None,r))
 *   fullOuterJoin   (k,(Some(l),Some(r)))  (k,(Some(l),None))  (k,(None,Some(r)))
 * </pre>
 * Stateless and thread-safe.
 */
public final class JoinedRecord
{
    /** Bit of {@code long3}: the left value is present. */
    public static final long HAS_LEFT = 1;
    /** Bit of {@code long3}: the right value is present. */
    public static final long HAS_RIGHT = 2;

    private static final EventFormatter INNER = (e, out) -> out.append('(').append(e.key()).append(",(")
        .append(e.long0()).append(',').append(e.long1()).append("))");
    private static final EventFormatter LEFT_OUTER = (e, out) ->
    {
        out.append('(').append(e.key()).append(",(").append(e.long0()).append(',');
        option(out, hasRight(e), e.long1()).append("))");
    };
    private static final EventFormatter RIGHT_OUTER = (e, out) ->
    {
        out.append('(').append(e.key()).append(",(");
        option(out, hasLeft(e), e.long0()).append(',').append(e.long1()).append("))");
    };
    private static final EventFormatter FULL_OUTER = (e, out) ->
    {
        out.append('(').append(e.key()).append(",(");
        option(out, hasLeft(e), e.long0()).append(',');
        option(out, hasRight(e), e.long1()).append("))");
    };

    private JoinedRecord()
    {
    }

    /**
     * @param event a join result.
     * @return true if it has a left value (always, for inner and left outer joins).
     */
    public static boolean hasLeft(final Event event)
    {
        return (event.long3() & HAS_LEFT) != 0;
    }

    /**
     * @param event a join result.
     * @return true if it has a right value (always, for inner and right outer joins).
     */
    public static boolean hasRight(final Event event)
    {
        return (event.long3() & HAS_RIGHT) != 0;
    }

    /**
     * @param type the join.
     * @return the text form Spark prints for that join's tuples; allocation-free.
     */
    public static EventFormatter formatter(final JoinType type)
    {
        switch (type)
        {
            case LEFT_OUTER:
                return LEFT_OUTER;
            case RIGHT_OUTER:
                return RIGHT_OUTER;
            case FULL_OUTER:
                return FULL_OUTER;
            case INNER:
            default:
                return INNER;
        }
    }

    private static StringBuilder option(final StringBuilder out, final boolean present, final long value)
    {
        return present ? out.append("Some(").append(value).append(')') : out.append("None");
    }
}
