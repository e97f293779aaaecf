package io.gridhub.api.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.model.Direction;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.PointKind;
import io.gridhub.api.model.Quantity;
import org.junit.jupiter.api.Test;

class InMemoryPointRegistryTest {
    private static Point point(String id, Quantity q, String description) {
        return new Point(PointId.of(id), "a1", PointKind.MEASUREMENT, q, null, Direction.NONE, description);
    }

    @Test
    void pointsAreSortedByIdAndFoundById() {
        PointRegistry r = PointRegistry.inMemory();
        r.register(point("demo.b.p", Quantity.ACTIVE_POWER, ""));
        r.register(point("demo.a.u", Quantity.VOLTAGE, ""));

        assertThat(r.points()).extracting(p -> p.id().value()).containsExactly("demo.a.u", "demo.b.p");
        assertThat(r.point(PointId.of("demo.b.p"))).map(Point::quantity).contains(Quantity.ACTIVE_POWER);
        assertThat(r.point(PointId.of("demo.c.p"))).isEmpty();
    }

    @Test
    void aPointIsReplacedButKeepsItsQuantity() {
        PointRegistry r = PointRegistry.inMemory();
        r.register(point("demo.a.p", Quantity.ACTIVE_POWER, "old"));
        r.register(point("demo.a.p", Quantity.ACTIVE_POWER, "new"));

        assertThat(r.points()).singleElement().extracting(Point::description).isEqualTo("new");
        assertThatThrownBy(() -> r.register(point("demo.a.p", Quantity.VOLTAGE, "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("point demo.a.p is already registered as ACTIVE_POWER, cannot become VOLTAGE");
        assertThat(r.point(PointId.of("demo.a.p"))).map(Point::quantity).contains(Quantity.ACTIVE_POWER);
    }

    @Test
    void theListIsACopy() {
        PointRegistry r = PointRegistry.inMemory();
        var before = r.points();
        r.register(point("demo.a.p", Quantity.ACTIVE_POWER, ""));

        assertThat(before).isEmpty();
        assertThatThrownBy(() -> before.clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void eachRegistryIsItsOwn() {
        PointRegistry a = PointRegistry.inMemory();
        a.register(point("demo.a.p", Quantity.ACTIVE_POWER, ""));

        assertThat(PointRegistry.inMemory().points()).isEmpty();
    }
}
