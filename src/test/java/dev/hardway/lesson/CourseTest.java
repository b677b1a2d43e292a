package dev.hardway.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CourseTest {

    @Test
    void aTitleThatCannotRenderIsShownAsWrittenWithoutItsTemplateParts() {
        assertThat(Course.withoutTemplate("Download etcd ${cluster.versions.etcd} and verify its checksum"))
                .isEqualTo("Download etcd … and verify its checksum");
        assertThat(Course.withoutTemplate("Share the VIP ${cluster.apiLb.vip} between <#list cluster.lbs as l>${l.name}"
                + "</#list>")).isEqualTo("Share the VIP … between …");
        assertThat(Course.withoutTemplate("Plain title")).isEqualTo("Plain title");
        assertThat(Course.withoutTemplate("<#if x>  </#if>")).isEmpty();
    }
}
