//! The national programme office's own settings: the programme's name and the ministry's name,
//! both configurable (the ministry was reorganised from Kominfo to Komdigi in 2024 and may be
//! again).

use crate::validate::Errors;
use serde::{Deserialize, Serialize};

/// The settings as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingsInput {
    pub name: String,
    pub ministry_name: String,
    /// "true" (or a ticked box, "on"): stage 1 waits for the MoU and both SK decrees.
    pub stage1_needs_decrees: String,
}

impl SettingsInput {
    /// Both names required, at most 200 characters: (name, ministry name, stage-1 gate).
    pub fn validate(&self) -> Result<(String, String, bool), Errors> {
        let mut e = Errors::new();
        let name = e.text("name", &self.name, 200);
        let ministry = e.text("ministry_name", &self.ministry_name, 200);
        e.into_result()?;
        Ok((name, ministry, matches!(self.stage1_needs_decrees.trim(), "true" | "on" | "1")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_names_required() {
        let s = SettingsInput {
            name: " Gerakan Menuju Smart City ".into(),
            ministry_name: "Komdigi".into(),
            stage1_needs_decrees: "on".into(),
        };
        assert_eq!(s.validate(), Ok(("Gerakan Menuju Smart City".into(), "Komdigi".into(), true)));
        assert_eq!(SettingsInput::default().validate().expect_err("empty").0.len(), 2);
    }
}
