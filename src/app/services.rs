//! `services [NAME]`: the recovery routes common services accept, with the command or page a
//! locked-out person starts from and the pages each fact was taken from; the config file's
//! `[services."NAME"]` tables included. Needs no vault.

use crate::app::Context;
use crate::cli::ServicesArgs;
use crate::core::services::Service;
use crate::error::{Error, Outcome, Result};
use crate::sys::output;

pub fn run(ctx: &Context, args: ServicesArgs) -> Result<Outcome> {
    let chosen: Vec<&Service> = match &args.name {
        Some(name) => {
            let catalogue = ctx.services()?;
            let service = catalogue
                .get(name)
                .or_else(|| catalogue.find(Some(name), name, None))
                .ok_or_else(|| {
                    Error::new(format!("no service named {name:?} in the catalogue"))
                        .hint("see `mfa-kit services`, or add it under [services.\"NAME\"] in the config file")
                })?;
            vec![service]
        }
        None => ctx.services()?.services().iter().collect(),
    };
    if args.json {
        output::json(&chosen)?;
        return Ok(Outcome::Yes);
    }
    for service in chosen {
        let routes: Vec<&str> = service.routes.iter().map(|r| r.as_str()).collect();
        output::line(format!("{}: {}", service.name, routes.join(", ")))?;
        output::line(format!("    recovery: {}", service.recovery))?;
        if args.name.is_some() {
            for note in &service.notes {
                output::line(format!("    note: {note}"))?;
            }
            for source in &service.sources {
                output::line(format!("    source: {source}"))?;
            }
        }
    }
    Ok(Outcome::Yes)
}
