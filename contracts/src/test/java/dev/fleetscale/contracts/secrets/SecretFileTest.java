package dev.fleetscale.contracts.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {

  @TempDir Path dir;

  @Test
  void theFilesTextWithoutTrailingLineBreaksIsTheSecret() throws Exception {
    Path f = Files.writeString(dir.resolve("token"), " tok en \r\n\n");
    assertThat(SecretFile.read("influx.tokenFile", f.toString())).isEqualTo(" tok en ");
  }

  @Test
  void aFileWinsOverAnUnsetValueAndAnUnsetFileLeavesTheValue() throws Exception {
    Path f = Files.writeString(dir.resolve("token"), "from-file\n");
    assertThat(SecretFile.valueOrFile("influx.token", "", "influx.tokenFile", f.toString())).isEqualTo("from-file");
    assertThat(SecretFile.valueOrFile("influx.token", "direct", "influx.tokenFile", "")).isEqualTo("direct");
    assertThat(SecretFile.valueOrFile("influx.token", null, "influx.tokenFile", null)).isNull();
  }

  @Test
  void bothSetIsRefusedWithoutTheSecret() throws Exception {
    Path f = Files.writeString(dir.resolve("token"), "s3cret-in-file");
    assertThatThrownBy(() -> SecretFile.valueOrFile("influx.token", "s3cret-direct", "influx.tokenFile", f.toString()))
        .hasMessage("influx.tokenFile: set either influx.token or influx.tokenFile, not both");
  }

  @Test
  void aMissingFileOrAFolderNamesTheKeyAndThePath() {
    assertThatThrownBy(() -> SecretFile.read("influx.tokenFile", dir.resolve("nope").toString()))
        .hasMessage("influx.tokenFile: " + dir.resolve("nope") + " is not a readable file (missing, or a folder)");
    assertThatThrownBy(() -> SecretFile.read("influx.tokenFile", dir.toString()))
        .hasMessageContaining("is not a readable file");
  }
}
