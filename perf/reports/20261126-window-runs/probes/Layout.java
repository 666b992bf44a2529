package dev.rill.perf.w1;

import java.lang.reflect.*;
import dev.rill.engine.Event;

public final class Layout
{
    public static void main(String[] a) throws Exception
    {
        Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe"); f.setAccessible(true);
        sun.misc.Unsafe u = (sun.misc.Unsafe)f.get(null);
        for (Class<?> c = Event.class; c != Object.class; c = c.getSuperclass())
            for (Field x : c.getDeclaredFields())
                if (!Modifier.isStatic(x.getModifiers())) System.out.println(u.objectFieldOffset(x) + " " + x.getType().getSimpleName() + " " + x.getName());
    }
}
